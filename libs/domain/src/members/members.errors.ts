import { CommonErrors, DomainError } from '#core';

export const MemberErrors = {
  notFound: () => CommonErrors.notFound({ 'zh-CN': '党员', en: 'Member' }),
  alreadyRegistered: () =>
    new DomainError('MEMBER_ALREADY_REGISTERED', 'CONFLICT', {
      'zh-CN': '该身份证号码已登记',
      en: 'A member with this ID number is already registered',
    }),
  birthDateMismatch: () =>
    CommonErrors.invalidInput('birthDate', {
      'zh-CN': '出生日期与身份证号码不符',
      en: 'The birth date does not match the ID number',
    }),
  genderMismatch: () =>
    CommonErrors.invalidInput('gender', {
      'zh-CN': '性别与身份证号码不符',
      en: 'The gender does not match the ID number',
    }),
  /** Party Constitution: members are at least eighteen. */
  tooYoung: () =>
    CommonErrors.invalidInput('birthDate', {
      'zh-CN': '党员须年满十八周岁',
      en: 'A party member must be at least 18 years old',
    }),
  secondedNeedsUnit: () =>
    CommonErrors.invalidInput('unitId', {
      'zh-CN': '下沉党员须填写所在单位',
      en: 'A seconded member needs a work unit',
    }),
  residentHasNoUnit: () =>
    CommonErrors.invalidInput('unitId', {
      'zh-CN': '居民党员不填写派出单位',
      en: 'A resident member has no seconding unit',
    }),
  residentNeedsCommunity: () =>
    CommonErrors.invalidInput('residenceCommunityId', {
      'zh-CN': '居民党员须填写居住社区',
      en: 'A resident member needs a residence community',
    }),
  courtyardNeedsCommunity: () =>
    CommonErrors.invalidInput('residenceCourtyardId', {
      'zh-CN': '填写小区时须同时填写社区',
      en: 'A courtyard needs its community',
    }),
  courtyardNotInCommunity: () =>
    CommonErrors.invalidInput('residenceCourtyardId', {
      'zh-CN': '该小区不属于所填社区',
      en: 'The courtyard is not in that community',
    }),
  communityNotFound: () =>
    CommonErrors.invalidInput('residenceCommunityId', {
      'zh-CN': '社区不存在',
      en: 'Community not found',
    }),
  unitNotFound: () =>
    CommonErrors.invalidInput('unitId', { 'zh-CN': '单位不存在', en: 'Unit not found' }),
};
