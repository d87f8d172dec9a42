import { CommonErrors, DomainError } from '#core';

export const TaskTypesErrors = {
  taskTypeNotFound: () => CommonErrors.notFound({ 'zh-CN': '任务类型', en: 'Task type' }),
  nameTaken: () =>
    new DomainError('TASK_TYPE_NAME_TAKEN', 'CONFLICT', {
      'zh-CN': '该目录中已有同名任务类型',
      en: 'This catalogue already has a task type with this name',
    }),
  retired: () =>
    new DomainError('TASK_TYPE_RETIRED', 'CONFLICT', {
      'zh-CN': '该任务类型已停用',
      en: 'This task type has been retired',
    }),
  invalidDuration: () =>
    CommonErrors.invalidInput('defaultDurationMinutes', {
      'zh-CN': '默认时长须在 1 到 1440 分钟之间',
      en: 'The default duration must be 1 to 1440 minutes',
    }),
  invalidPointsWeight: () =>
    CommonErrors.invalidInput('pointsWeight', {
      'zh-CN': '积分权重须在 1 到 100 之间',
      en: 'The points weight must be 1 to 100',
    }),
};
