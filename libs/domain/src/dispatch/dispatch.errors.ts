import { CommonErrors, DomainError } from '#core';

export const DispatchErrors = {
  taskNotFound: () => CommonErrors.notFound({ 'zh-CN': '任务', en: 'Task' }),
  offerNotFound: () => CommonErrors.notFound({ 'zh-CN': '派单', en: 'Offer' }),
  assignmentNotFound: () => CommonErrors.notFound({ 'zh-CN': '接单记录', en: 'Assignment' }),
  /** A late accept or claim: every slot of the member's kind was taken first. */
  taskFull: () =>
    new DomainError('TASK_FULL', 'CONFLICT', {
      'zh-CN': '任务人数已满',
      en: 'The task is already full',
    }),
  /** The member holds another task in an overlapping window. */
  memberBusy: () =>
    new DomainError('MEMBER_BUSY', 'CONFLICT', {
      'zh-CN': '该时段您已有其他任务',
      en: 'You already have a task at that time',
    }),
  offerClosed: () =>
    new DomainError('OFFER_CLOSED', 'CONFLICT', {
      'zh-CN': '该派单已失效（已应答、已过期或已撤回）',
      en: 'This offer is no longer open (answered, expired or withdrawn)',
    }),
  /** The task is not in a status the action applies to (e.g. publishing a task already out). */
  wrongStatus: () =>
    new DomainError('TASK_WRONG_STATUS', 'CONFLICT', {
      'zh-CN': '任务当前状态不允许此操作',
      en: 'The task is not in a status that allows this',
    }),
  /** The member may not claim this task: not eligible, or not open to them. */
  notClaimable: () =>
    new DomainError('TASK_NOT_CLAIMABLE', 'CONFLICT', {
      'zh-CN': '您不能认领此任务',
      en: 'You cannot claim this task',
    }),
  /** Too late: the window has begun (to leave, to accept, to send out). */
  alreadyStarted: () =>
    new DomainError('TASK_STARTED', 'CONFLICT', {
      'zh-CN': '任务已开始',
      en: 'The task has already started',
    }),
  /** The member already holds a booking of this task (an accept and a claim at once). */
  alreadyBooked: () =>
    new DomainError('ALREADY_BOOKED', 'CONFLICT', {
      'zh-CN': '您已接下此任务',
      en: 'You have already taken this task',
    }),
  notStarted: () =>
    new DomainError('TASK_NOT_STARTED', 'CONFLICT', {
      'zh-CN': '任务尚未开始，不能记为缺席',
      en: 'The task has not started; nobody can be a no-show yet',
    }),
  assignmentClosed: () =>
    new DomainError('ASSIGNMENT_CLOSED', 'CONFLICT', {
      'zh-CN': '该接单记录已结束',
      en: 'This assignment has already ended',
    }),
};
