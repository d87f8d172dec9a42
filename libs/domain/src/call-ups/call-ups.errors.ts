import { CommonErrors, DomainError } from '#core';

const invalid = (field: string, zh: string, en: string) =>
  CommonErrors.invalidInput(field, { 'zh-CN': zh, en });

export const CallUpsErrors = {
  notFound: () => CommonErrors.notFound({ 'zh-CN': '紧急召集', en: 'Call-up' }),
  closed: () =>
    new DomainError('CALL_UP_CLOSED', 'CONFLICT', {
      'zh-CN': '该紧急召集已结束，不再接受回复',
      en: 'This call-up is closed and takes no more answers',
    }),
  communities: () =>
    invalid(
      'communityIds',
      '须选择 1 到 50 个不重复的社区',
      'Choose 1 to 50 communities, each once',
    ),
  respondBy: () =>
    invalid(
      'respondBy',
      '回复截止时间须在 5 分钟之后、7 天之内',
      'The respond-by time must be at least 5 minutes and at most 7 days ahead',
    ),
  reminderMinutes: () =>
    invalid(
      'reminderMinutes',
      '提醒间隔须为 10 到 720 分钟的整数',
      'The reminder interval must be a whole number of minutes from 10 to 720',
    ),
  arriveAtRequired: () =>
    invalid('arriveAt', '回复“能到场”时须填写预计到达时间', 'Say when you can arrive'),
  arriveAtUnexpected: () =>
    invalid(
      'arriveAt',
      '回复“不能到场”时不应填写到达时间',
      'An arrival time goes with an AVAILABLE answer only',
    ),
  arriveAtRange: () =>
    invalid(
      'arriveAt',
      '预计到达时间不能早于现在，且须在 7 天之内',
      'The arrival time must not be past and at most 7 days ahead',
    ),
};
