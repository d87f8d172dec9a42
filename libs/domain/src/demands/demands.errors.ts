import { CommonErrors, DomainError } from '#core';

export const DemandsErrors = {
  notFound: () => CommonErrors.notFound({ 'zh-CN': '群众需求', en: 'Demand' }),
  notOpen: () =>
    new DomainError('DEMAND_NOT_OPEN', 'CONFLICT', {
      'zh-CN': '该需求已处理（已受理、已驳回或已合并）',
      en: 'This demand has already been decided (accepted, rejected or merged)',
    }),
  mergeTarget: () =>
    new DomainError(
      'DEMAND_MERGE_TARGET_INVALID',
      'BAD_USER_INPUT',
      {
        'zh-CN': '只能合并到同一社区内另一条未驳回、未合并的需求',
        en: 'A demand merges into another demand of the same community that is neither rejected nor merged',
      },
      'intoId',
    ),
  taskCount: () =>
    CommonErrors.invalidInput('tasks', {
      'zh-CN': '受理一条需求须生成 1 到 20 个任务',
      en: 'Accepting a demand creates 1 to 20 tasks',
    }),
  requesterPhone: () =>
    CommonErrors.invalidInput('requesterPhone', {
      'zh-CN': '求助人手机号码格式不正确',
      en: 'The requester’s phone is not a valid mainland mobile number',
    }),
};
