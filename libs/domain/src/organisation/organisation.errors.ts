import { CommonErrors, DomainError } from '#core';

export const OrganisationErrors = {
  communityNotFound: () => CommonErrors.notFound({ 'zh-CN': '社区', en: 'Community' }),
  unitNotFound: () => CommonErrors.notFound({ 'zh-CN': '单位', en: 'Unit' }),
  courtyardNotFound: () => CommonErrors.notFound({ 'zh-CN': '小区', en: 'Courtyard' }),
  pairingNotFound: () =>
    CommonErrors.notFound({ 'zh-CN': '单位与社区的结对', en: 'Unit–community pairing' }),
  communityNameTaken: () =>
    new DomainError('COMMUNITY_NAME_TAKEN', 'CONFLICT', {
      'zh-CN': '已有同名社区',
      en: 'A community with this name already exists',
    }),
  courtyardNameTaken: () =>
    new DomainError('COURTYARD_NAME_TAKEN', 'CONFLICT', {
      'zh-CN': '该社区已有同名小区',
      en: 'This community already has a courtyard with this name',
    }),
  unitNameTaken: () =>
    new DomainError('UNIT_NAME_TAKEN', 'CONFLICT', {
      'zh-CN': '已有同名单位',
      en: 'A unit with this name already exists',
    }),
  alreadyPaired: () =>
    new DomainError('UNIT_ALREADY_PAIRED', 'CONFLICT', {
      'zh-CN': '该单位已与该社区结对',
      en: 'This unit is already paired with this community',
    }),
  pairingEnded: () =>
    new DomainError('PAIRING_ENDED', 'CONFLICT', {
      'zh-CN': '该结对已结束',
      en: 'This pairing has already ended',
    }),
  invalidTimeZone: () =>
    CommonErrors.invalidInput('timeZone', {
      'zh-CN': '时区无效',
      en: 'Unknown time zone',
    }),
  invalidReReportInterval: () =>
    CommonErrors.invalidInput('months', {
      'zh-CN': '复报到间隔须在 1 到 24 个月之间',
      en: 'The re-report interval must be 1 to 24 months',
    }),
};
