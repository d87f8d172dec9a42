import { CommonErrors, DomainError } from '#core';
import type { TaskStatus } from './task.entity.js';

const STATUS_ZH: Record<TaskStatus, string> = {
  DRAFT: '草稿',
  DISPATCHING: '派单中',
  FILLED: '已满员',
  IN_PROGRESS: '进行中',
  COMPLETED: '已完成',
  CANCELLED: '已取消',
  UNFILLED: '无人接单',
};

const invalid = (field: string, zh: string, en: string) =>
  CommonErrors.invalidInput(field, { 'zh-CN': zh, en });

export const TasksErrors = {
  notFound: () => CommonErrors.notFound({ 'zh-CN': '任务', en: 'Task' }),
  /** A move the status machine does not allow from the task's current status. */
  statusConflict: (from: TaskStatus, to: TaskStatus) =>
    new DomainError('TASK_STATUS_CONFLICT', 'CONFLICT', {
      'zh-CN': `任务当前状态为“${STATUS_ZH[from]}”，不能变为“${STATUS_ZH[to]}”`,
      en: `A task in status ${from} cannot become ${to}`,
    }),
  notDraft: () =>
    new DomainError('TASK_NOT_DRAFT', 'CONFLICT', {
      'zh-CN': '只有草稿状态的任务可以修改',
      en: 'Only a draft task can be changed',
    }),
  notCompleted: () =>
    new DomainError('TASK_NOT_COMPLETED', 'CONFLICT', {
      'zh-CN': '任务完成后才能评价',
      en: 'A task is rated once it is completed',
    }),
  notStarted: () =>
    new DomainError('TASK_NOT_STARTED', 'CONFLICT', {
      'zh-CN': '任务尚未开始，不能标记为完成',
      en: 'The task has not started yet, so it cannot be completed',
    }),
  alreadyRated: () =>
    new DomainError('TASK_ALREADY_RATED', 'CONFLICT', {
      'zh-CN': '该任务已经评价过',
      en: 'This task has already been rated',
    }),
  courtyardNotInCommunity: () =>
    new DomainError(
      'COURTYARD_NOT_IN_COMMUNITY',
      'BAD_USER_INPUT',
      { 'zh-CN': '该小区不属于任务所在社区', en: 'The courtyard is not in the task’s community' },
      'courtyardId',
    ),
  windowOrder: () =>
    invalid('endsAt', '结束时间须晚于开始时间', 'The window must end after it starts'),
  windowTooLong: () =>
    invalid('endsAt', '任务时段不能超过 24 小时', 'The window must be at most 24 hours long'),
  windowPast: () => invalid('endsAt', '任务时段已经结束', 'The window has already ended'),
  headcount: () =>
    invalid(
      'headcount',
      '人数须为 1 到 200 的整数',
      'The headcount must be a whole number from 1 to 200',
    ),
  jointSplitRequired: () =>
    invalid(
      'secondedSlots',
      '联合任务须分别填写在职党员名额和居民党员名额（各至少 1 人），合计等于总人数',
      'A JOINT task needs seconded and resident slots, at least 1 each, adding up to the headcount',
    ),
  splitNotAllowed: () =>
    invalid(
      'secondedSlots',
      '只有联合任务需要区分在职党员和居民党员名额',
      'Only a JOINT task splits its headcount into seconded and resident slots',
    ),
  offerTimeout: () =>
    invalid(
      'offerTimeoutMinutes',
      '应答时限须为 1 到 10080 分钟（7 天）的整数',
      'The offer timeout must be a whole number of minutes from 1 to 10080 (7 days)',
    ),
  coordinates: () =>
    invalid(
      'latitude',
      '坐标须同时填写纬度（-90 到 90）和经度（-180 到 180），或都不填',
      'Give both latitude (-90 to 90) and longitude (-180 to 180), or neither',
    ),
  rating: () =>
    invalid('rating', '评分须为 1 到 5 的整数', 'The rating must be a whole number from 1 to 5'),
};
