import { CommonErrors, DomainError } from '#core';

const invalid = (field: string, zh: string, en: string) =>
  CommonErrors.invalidInput(field, { 'zh-CN': zh, en });

export const PostsErrors = {
  notFound: () => CommonErrors.notFound({ 'zh-CN': '岗位', en: 'Post' }),
  claimNotFound: () => CommonErrors.notFound({ 'zh-CN': '岗位认领', en: 'Post claim' }),
  retired: () =>
    new DomainError('POST_RETIRED', 'CONFLICT', {
      'zh-CN': '该岗位已撤销',
      en: 'This post has been retired',
    }),
  alreadyClaimed: () =>
    new DomainError('POST_ALREADY_CLAIMED', 'CONFLICT', {
      'zh-CN': '您已认领该岗位',
      en: 'You have already claimed this post',
    }),
  claimEnded: () =>
    new DomainError('POST_CLAIM_ENDED', 'CONFLICT', {
      'zh-CN': '该认领已结束',
      en: 'This claim has already ended',
    }),
  /** Not a member of the post's community's pool, or not able to do its type of work. */
  notClaimable: () =>
    new DomainError('POST_NOT_CLAIMABLE', 'FORBIDDEN', {
      'zh-CN':
        '您不能认领该岗位：须为本社区居民党员或已在本社区报到的在职党员，并具备相应技能和身体条件',
      en: 'You cannot claim this post: it is for residents and members reported in to its community who have its skills and are fit for its work',
    }),
  slots: () =>
    invalid(
      'slots',
      '排班须有 1 到 14 组时段，每组注明星期（1–7）、开始时间（HH:MM）和时长（15–720 分钟）',
      'A schedule has 1 to 14 groups of slots, each with weekdays (1–7), a start time (HH:MM) and a length (15–720 minutes)',
    ),
  slotsOverlap: () =>
    invalid(
      'slots',
      '排班时段不能相互重叠',
      'The slots of a schedule must not overlap one another',
    ),
  period: () =>
    invalid('endsOn', '结束日期不能早于开始日期', 'The period must not end before it starts'),
  shiftsPerMonth: () =>
    invalid(
      'shiftsPerMonth',
      '每月班次须为 1 到 62 的整数',
      'Shifts a month must be a whole number from 1 to 62',
    ),
  untilPast: () => invalid('until', '认领截止日期不能早于今天', 'A claim cannot end before today'),
  shiftNotFound: () => CommonErrors.notFound({ 'zh-CN': '班次', en: 'Shift' }),
  swapNotFound: () => CommonErrors.notFound({ 'zh-CN': '换班申请', en: 'Shift swap' }),
  /** Too late to release or hand over a shift: it has begun (or was cancelled). */
  shiftStarted: () =>
    new DomainError('SHIFT_STARTED', 'CONFLICT', {
      'zh-CN': '该班次已开始或已取消，不能再释放或换班',
      en: 'This shift has begun or was cancelled: it can no longer be released or swapped',
    }),
  /** The other member is not an active claimant of the post who may serve it, or is on it already. */
  swapTarget: () =>
    new DomainError('SHIFT_SWAP_TARGET', 'CONFLICT', {
      'zh-CN': '只能与该岗位的其他认领人换班，且对方不在此班次中',
      en: 'A shift can only be handed to another claimant of the post who is not on it already',
    }),
  swapPending: () =>
    new DomainError('SHIFT_SWAP_PENDING', 'CONFLICT', {
      'zh-CN': '该班次已有一个待对方答复的换班申请',
      en: 'This shift already has a swap request waiting for an answer',
    }),
  swapAnswered: () =>
    new DomainError('SHIFT_SWAP_ANSWERED', 'CONFLICT', {
      'zh-CN': '该换班申请已答复或已撤回',
      en: 'This swap request has already been answered or withdrawn',
    }),
  /** The member taking a shift over holds something else at that time. */
  swapBusy: () =>
    new DomainError('MEMBER_BUSY', 'CONFLICT', {
      'zh-CN': '该时段您已有其他任务或班次',
      en: 'You already have a task or shift at that time',
    }),
  weeks: () => invalid('weeks', '查看周数须为 1 到 8', 'Weeks must be a whole number from 1 to 8'),
};
