import { CommonErrors, DomainError } from '#core';
import type { SecondmentStatus } from './secondment.entity.js';

const STATUS_ZH: Record<SecondmentStatus, string> = {
  REQUESTED: '待单位审批',
  UNIT_APPROVED: '待社区接收',
  ACTIVE: '在岗',
  REJECTED: '已驳回',
  ENDED: '已结束',
};

export const SecondmentErrors = {
  notFound: () => CommonErrors.notFound({ 'zh-CN': '报到记录', en: 'Secondment' }),
  batchNotFound: () => CommonErrors.notFound({ 'zh-CN': '轮换批次', en: 'Rotation batch' }),
  pairingHasOpenBatches: () =>
    new DomainError('PAIRING_HAS_OPEN_BATCHES', 'CONFLICT', {
      'zh-CN': '该结对下还有未结束的轮换批次，请先结束批次',
      en: 'Rotation batches under this pairing are still open; end them first',
    }),
  pairingHasSecondments: () =>
    new DomainError('PAIRING_HAS_SECONDMENTS', 'CONFLICT', {
      'zh-CN': '该单位仍有党员在本社区报到或待审批，请先由单位结束或转移其报到',
      en: 'Members of the unit still serve or await acceptance here; the unit must end or transfer their secondments first',
    }),
  /** A transition that the report-in lifecycle does not allow from the current state. */
  wrongState: (status: SecondmentStatus, action: { 'zh-CN': string; en: string }) =>
    new DomainError('SECONDMENT_WRONG_STATE', 'CONFLICT', {
      'zh-CN': `报到记录当前状态为“${STATUS_ZH[status]}”，不能${action['zh-CN']}`,
      en: `A secondment in state ${status} cannot be ${action.en}`,
    }),
  notSeconded: () =>
    new DomainError(
      'MEMBER_NOT_SECONDED',
      'BAD_USER_INPUT',
      {
        'zh-CN': '只有在职（下沉）党员需要到社区报到',
        en: 'Only seconded members report in to a community',
      },
      'memberId',
    ),
  communityNotEligible: () =>
    new DomainError(
      'COMMUNITY_NOT_ELIGIBLE',
      'BAD_USER_INPUT',
      {
        'zh-CN': '只能到所在单位结对的社区或本人居住的社区报到',
        en: 'Report in to a community paired with your unit or the one you live in',
      },
      'communityId',
    ),
  notPaired: () =>
    new DomainError(
      'UNIT_NOT_PAIRED',
      'BAD_USER_INPUT',
      {
        'zh-CN': '该单位未与该社区结对',
        en: 'The unit is not paired with this community',
      },
      'communityId',
    ),
  notOwnUnit: () =>
    new DomainError(
      'MEMBER_NOT_IN_UNIT',
      'BAD_USER_INPUT',
      {
        'zh-CN': '名单中有不属于本单位的党员',
        en: 'The list holds a member who is not of this unit',
      },
      'memberIds',
    ),
  alreadyActive: () =>
    new DomainError('SECONDMENT_ALREADY_ACTIVE', 'CONFLICT', {
      'zh-CN': '该党员已在一个社区报到；更换社区须申请转移并经单位批准',
      en: 'The member already serves in a community; changing community needs a transfer approved by the unit',
    }),
  pending: () =>
    new DomainError('SECONDMENT_PENDING', 'CONFLICT', {
      'zh-CN': '该党员已有待审批的报到申请',
      en: 'The member already has a report-in awaiting approval',
    }),
  noActiveSecondment: () =>
    new DomainError('NO_ACTIVE_SECONDMENT', 'CONFLICT', {
      'zh-CN': '该党员当前没有在岗的报到记录',
      en: 'The member has no active secondment',
    }),
  sameCommunity: () =>
    new DomainError(
      'TRANSFER_SAME_COMMUNITY',
      'BAD_USER_INPUT',
      {
        'zh-CN': '转移的目标社区与当前社区相同',
        en: 'The transfer goes to the community the member already serves',
      },
      'communityId',
    ),
  batchClosed: () =>
    new DomainError('ROTATION_BATCH_ENDED', 'CONFLICT', {
      'zh-CN': '该轮换批次已结束',
      en: 'This rotation batch has ended',
    }),
  batchMismatch: () =>
    new DomainError(
      'ROTATION_BATCH_MISMATCH',
      'BAD_USER_INPUT',
      {
        'zh-CN': '轮换批次的牵头单位或社区与本次报到不符',
        en: 'The rotation batch belongs to another unit or community',
      },
      'batchId',
    ),
  headcountExceeded: (headcount: number) =>
    new DomainError('ROTATION_BATCH_FULL', 'CONFLICT', {
      'zh-CN': `超出该批次备案的${String(headcount)}人名额`,
      en: `This exceeds the batch's filed headcount of ${String(headcount)}`,
    }),
  invalidPeriod: () =>
    CommonErrors.invalidInput('plannedEnd', {
      'zh-CN': '计划结束日期须晚于开始日期',
      en: 'The planned end must be after the planned start',
    }),
  invalidHeadcount: () =>
    CommonErrors.invalidInput('headcount', {
      'zh-CN': '名额须在 1 到 1000 之间',
      en: 'The headcount must be between 1 and 1000',
    }),
  batchSize: () =>
    CommonErrors.invalidInput('memberIds', {
      'zh-CN': '批量报到名单须有 1 到 200 人且不重复',
      en: 'A batch report-in lists 1 to 200 distinct members',
    }),
};
