import { CommonErrors, DomainError } from '#core';

export const BranchErrors = {
  branchNotFound: () => CommonErrors.notFound({ 'zh-CN': '临时党支部', en: 'Temporary branch' }),
  groupNotFound: () => CommonErrors.notFound({ 'zh-CN': '党小组', en: 'Party group' }),
  teamNotFound: () => CommonErrors.notFound({ 'zh-CN': '队伍', en: 'Team' }),
  assignmentNotFound: () => CommonErrors.notFound({ 'zh-CN': '编组记录', en: 'Assignment' }),
  memberNotFound: () => CommonErrors.notFound({ 'zh-CN': '党员', en: 'Member' }),
  branchDissolved: () =>
    new DomainError('BRANCH_DISSOLVED', 'CONFLICT', {
      'zh-CN': '该临时党支部已撤销',
      en: 'This temporary branch has been dissolved',
    }),
  courtyardTaken: () =>
    new DomainError('COURTYARD_HAS_GROUP', 'CONFLICT', {
      'zh-CN': '该支部在这个小区已有党小组',
      en: 'The branch already has a party group for this courtyard',
    }),
  courtyardNotInCommunity: () =>
    CommonErrors.invalidInput('courtyardId', {
      'zh-CN': '小区不属于该支部所在社区',
      en: "The courtyard is not in the branch's community",
    }),
  teamNameTaken: () =>
    new DomainError('TEAM_NAME_TAKEN', 'CONFLICT', {
      'zh-CN': '该社区已有同名队伍',
      en: 'The community already has a team with this name',
    }),
  roleTaken: () =>
    new DomainError('GROUP_ROLE_TAKEN', 'CONFLICT', {
      'zh-CN': '该职务已有人担任，请先结束其任职',
      en: 'Someone already holds this role; end their assignment first',
    }),
  alreadyAssigned: () =>
    new DomainError('ALREADY_ASSIGNED', 'CONFLICT', {
      'zh-CN': '该党员已在此担任该职务',
      en: 'The member already holds this role here',
    }),
  assignmentEnded: () =>
    new DomainError('ASSIGNMENT_ENDED', 'CONFLICT', {
      'zh-CN': '该编组记录已结束',
      en: 'This assignment has already ended',
    }),
  /** Seconded members serve only where their active secondment is (seed 004). */
  notServingHere: () =>
    new DomainError('MEMBER_NOT_IN_COMMUNITY', 'CONFLICT', {
      'zh-CN': '该党员不在本社区：居民党员须居住于此，在职党员须已在本社区报到',
      en: 'The member does not serve here: residents must live here, seconded members must have an active secondment here',
    }),
  wrongKindForTeam: () =>
    new DomainError('TEAM_KIND_MISMATCH', 'CONFLICT', {
      'zh-CN': '居民服务队只收居民党员，在职党员小分队只收在职党员',
      en: 'Resident teams take resident members and seconded squads seconded members',
    }),
  endsBeforeStart: () =>
    CommonErrors.invalidInput('endsOn', {
      'zh-CN': '结束日期不能早于开始日期',
      en: 'The end date must not be before the start date',
    }),
  invalidSpecialties: () =>
    CommonErrors.invalidInput('specialties', {
      'zh-CN': '小分队专长须有 1 到 20 项',
      en: 'Give 1 to 20 squad specialties',
    }),
};
