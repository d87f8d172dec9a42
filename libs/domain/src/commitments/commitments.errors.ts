import { CommonErrors, DomainError } from '#core';

const invalid = (field: string, zh: string, en: string) =>
  CommonErrors.invalidInput(field, { 'zh-CN': zh, en });

export const CommitmentsErrors = {
  hoursPerMonth: () =>
    invalid(
      'hoursPerMonth',
      '每月承诺时长须在 0.5 到 200 小时之间，最多一位小数',
      'Hours a month are 0.5 to 200, with at most one decimal',
    ),
  minHours: () =>
    invalid(
      'minHours',
      '要求时长须在 0.5 到 2000 小时之间，最多一位小数',
      'Required hours are 0.5 to 2,000, with at most one decimal',
    ),
  minActivities: () =>
    invalid(
      'minActivities',
      '要求活动次数须为 1 到 1000 的整数',
      'Required activities are 1 to 1,000',
    ),
  nothingRequired: () =>
    invalid('minHours', '请至少设定时长或活动次数之一', 'Set the hours, the activities or both'),
  /** A requirement belongs to a unit or to a community: exactly one of them. */
  owner: () =>
    invalid('unitId', '须且只能指定一个单位或一个社区', 'Name exactly one unit or one community'),
  scope: () =>
    invalid(
      'unitId',
      '须且只能指定一个单位、社区或党小组',
      'Name exactly one unit, community or party group',
    ),
  asOf: () => invalid('asOf', '日期须为 YYYY-MM-DD', 'The date is YYYY-MM-DD'),
  /** Another change of the same standing commitment or requirement got in first. */
  changedMeanwhile: () =>
    new DomainError('CHANGED_MEANWHILE', 'CONFLICT', {
      'zh-CN': '该内容刚被他人修改，请刷新后重试',
      en: 'It was changed at the same moment; reload and try again',
    }),
  noCommitment: () =>
    new DomainError('NO_COMMITMENT', 'NOT_FOUND', {
      'zh-CN': '您目前没有服务承诺',
      en: 'You have no standing commitment',
    }),
  noRequirement: () =>
    new DomainError('NO_REQUIREMENT', 'NOT_FOUND', {
      'zh-CN': '目前没有生效的服务要求',
      en: 'There is no standing service requirement',
    }),
};
