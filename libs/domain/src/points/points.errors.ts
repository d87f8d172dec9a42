import { CommonErrors, DomainError } from '#core';

const invalid = (field: string, zh: string, en: string) =>
  CommonErrors.invalidInput(field, { 'zh-CN': zh, en });

export const PointsErrors = {
  rewardNotFound: () => CommonErrors.notFound({ 'zh-CN': '奖品', en: 'Reward' }),
  redemptionNotFound: () => CommonErrors.notFound({ 'zh-CN': '兑换记录', en: 'Redemption' }),
  insufficient: () =>
    new DomainError('INSUFFICIENT_POINTS', 'CONFLICT', {
      'zh-CN': '积分不足，无法兑换',
      en: 'Not enough points for this reward',
    }),
  outOfStock: () =>
    new DomainError('REWARD_OUT_OF_STOCK', 'CONFLICT', {
      'zh-CN': '该奖品已兑完或不在兑换期内',
      en: 'This reward is out of stock or not on offer now',
    }),
  redemptionClosed: () =>
    new DomainError('REDEMPTION_CLOSED', 'CONFLICT', {
      'zh-CN': '该兑换已领取或已取消',
      en: 'This redemption has already been collected or cancelled',
    }),
  cost: () =>
    invalid(
      'cost',
      '所需积分须为 1 到 1000000 的整数',
      'The cost is a whole number from 1 to 1,000,000',
    ),
  stock: () =>
    invalid(
      'stock',
      '库存须为 0 到 100000 的整数',
      'The stock is a whole number from 0 to 100,000',
    ),
  period: () =>
    invalid('validUntil', '截止日期不能早于开始日期', 'The offer cannot end before it starts'),
  rule: () =>
    invalid(
      'pointsPerHour',
      '每小时积分须为 0 到 1000，每日上限须为 1 到 100000',
      'Points per hour are 0 to 1,000 and the daily cap 1 to 100,000',
    ),
};
