import { CommonErrors, DomainError } from '#core';

const invalid = (field: string, zh: string, en: string) =>
  CommonErrors.invalidInput(field, { 'zh-CN': zh, en });

export const DutyLogsErrors = {
  notFound: () => CommonErrors.notFound({ 'zh-CN': '纪实记录', en: 'Duty log' }),
  window: () => invalid('endsAt', '结束时间须晚于开始时间', 'The end must be after the start'),
  tooLong: (hours: number) =>
    invalid(
      'endsAt',
      `单条纪实最长 ${String(hours)} 小时`,
      `A duty log covers at most ${String(hours)} hours`,
    ),
  future: () => invalid('endsAt', '不能记录尚未发生的服务', 'A duty log cannot end in the future'),
  tooOld: (days: number) =>
    new DomainError(
      'DUTY_LOG_TOO_OLD',
      'BAD_USER_INPUT',
      {
        'zh-CN': `超过 ${String(days)} 个工作日的服务须由社区补录并说明原因`,
        en: `Service more than ${String(days)} working days ago must be backfilled by the community, with a reason`,
      },
      'startsAt',
    ),
  overlap: () =>
    new DomainError('DUTY_LOG_OVERLAP', 'CONFLICT', {
      'zh-CN': '该时段已有您的其他纪实记录',
      en: 'You already have a duty log overlapping this time',
    }),
  clientRequestId: () =>
    invalid(
      'clientRequestId',
      '请求编号须为 1 到 100 个字母、数字或 -_:.',
      'The client request id is 1 to 100 letters, digits or -_:.',
    ),
  beneficiaries: () =>
    invalid(
      'beneficiaries',
      '服务对象人数须为 0 到 100000 的整数',
      'Beneficiaries must be a whole number from 0 to 100,000',
    ),
  communityRequired: () =>
    invalid(
      'communityId',
      '未关联任务或班次的纪实须注明服务的社区',
      'A duty log without a task or shift names the community served',
    ),
  /** The member does not serve in that community, or the booking is not theirs. */
  notYours: () =>
    new DomainError('DUTY_LOG_NOT_YOURS', 'FORBIDDEN', {
      'zh-CN': '只能记录您本人在本社区（已报到或居住）参加的服务',
      en: 'You can log only your own service in a community you live in or have reported in to',
    }),
  notSubmitted: () =>
    new DomainError('DUTY_LOG_DECIDED', 'CONFLICT', {
      'zh-CN': '该纪实已审核，不能再更改；如有错误请提交更正',
      en: 'This duty log has been decided and is final; submit a correction instead',
    }),
  notVerified: () =>
    new DomainError('DUTY_LOG_NOT_VERIFIED', 'CONFLICT', {
      'zh-CN': '只能更正已审核通过的纪实',
      en: 'Only a verified duty log can be corrected',
    }),
  correctionPending: () =>
    new DomainError('DUTY_LOG_CORRECTION_PENDING', 'CONFLICT', {
      'zh-CN': '该纪实已有一条更正在审核中',
      en: 'A correction of this duty log is already waiting for verification',
    }),
  /** Not the member's group leader or deputy there, nor its committee (or their own log). */
  mayNotDecide: () =>
    new DomainError('DUTY_LOG_NOT_VERIFIER', 'FORBIDDEN', {
      'zh-CN': '只有该党员所在党小组的组长、副组长或社区党委可以审核其纪实，且不能审核本人的纪实',
      en: "Only the leader or deputy of the member's party group or the community committee may decide a duty log, and never their own",
    }),
  period: () => invalid('period', '期间须为 YYYY-MM 或 YYYY', 'The period is YYYY-MM or YYYY'),
  year: () => invalid('year', '年份须在 2000 到 2100 之间', 'The year must be from 2000 to 2100'),
};

export const CheckInErrors = {
  notFound: () => CommonErrors.notFound({ 'zh-CN': '任务或班次', en: 'Booking' }),
  window: () =>
    new DomainError('CHECK_IN_WINDOW', 'CONFLICT', {
      'zh-CN': '不在签到（签退）时间内',
      en: 'Outside the time for checking in (or out)',
    }),
  locationRequired: () =>
    CommonErrors.invalidInput('latitude', {
      'zh-CN': '该任务需要定位签到，请提供当前位置',
      en: 'This booking checks in by location: send your position',
    }),
  tooFar: (radius: number) =>
    new DomainError(
      'CHECK_IN_TOO_FAR',
      'CONFLICT',
      {
        'zh-CN': `须在服务地点 ${String(radius)} 米范围内签到（签退）`,
        en: `Check in (and out) within ${String(radius)} metres of the place`,
      },
      undefined,
      { radiusMeters: radius },
    ),
  alreadyIn: () =>
    new DomainError('ALREADY_CHECKED_IN', 'CONFLICT', {
      'zh-CN': '您已签到',
      en: 'You have already checked in',
    }),
  notIn: () =>
    new DomainError('NOT_CHECKED_IN', 'CONFLICT', {
      'zh-CN': '请先签到',
      en: 'Check in first',
    }),
  alreadyOut: () =>
    new DomainError('ALREADY_CHECKED_OUT', 'CONFLICT', {
      'zh-CN': '您已签退',
      en: 'You have already checked out',
    }),
};
