import { registerEnumType } from '@nestjs/graphql';
import { ROLES } from '#core';
import { GENDERS, MEMBER_KINDS, PHYSICAL_CONDITIONS } from '#domain/members';
import { ASSIGNMENT_END_REASONS, BRANCH_STATUSES, GROUP_ROLES, TEAM_KINDS } from '#domain/branches';
import { COURTYARD_KINDS, UNIT_KINDS } from '#domain/organisation';
import {
  REJECTION_STAGES,
  ROTATION_BATCH_STATUSES,
  SECONDMENT_CHANNELS,
  SECONDMENT_END_REASONS,
  SECONDMENT_STATUSES,
} from '#domain/secondment';
import { KNOWLEDGE_LEVELS, PHYSICAL_INTENSITIES, TASK_CATEGORIES } from '#domain/task-types';
import { ESCALATION_LEVELS, TASK_PRIORITIES, TASK_STATUSES } from '#domain/tasks';
import { DEMAND_CHANNELS, DEMAND_STATUSES } from '#domain/demands';
import { ASSIGNMENT_SOURCES, ASSIGNMENT_STATUSES, OFFER_STATUSES } from '#domain/dispatch';
import { POST_CLAIM_STATUSES, POST_STATUSES, SHIFT_SWAP_STATUSES } from '#domain/posts';
import { CALL_UP_ANSWERS, CALL_UP_STATUSES, ROLL_CALL_STATES } from '#domain/call-ups';
import { DUTY_LOG_SOURCES, DUTY_LOG_STATUSES } from '#domain/duty-logs';
import { OBLIGATION_KINDS, PERIOD_KINDS } from '#domain/commitments';
import { EXPORT_FORMATS, EXPORT_KINDS, EXPORT_STATUSES } from '#domain/reports';

export function enumOf<const T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

/**
 * The domain's value lists, exposed as GraphQL enums (unknown values are
 * refused at the edge). Every status and kind field is one of these, never a
 * String.
 */
export const MemberKindEnum = enumOf(MEMBER_KINDS);
export const GenderEnum = enumOf(GENDERS);
export const PhysicalConditionEnum = enumOf(PHYSICAL_CONDITIONS);
export const CourtyardKindEnum = enumOf(COURTYARD_KINDS);
export const UnitKindEnum = enumOf(UNIT_KINDS);
export const RoleEnum = enumOf(ROLES);
export const SecondmentStatusEnum = enumOf(SECONDMENT_STATUSES);
export const SecondmentChannelEnum = enumOf(SECONDMENT_CHANNELS);
export const SecondmentEndReasonEnum = enumOf(SECONDMENT_END_REASONS);
export const TeamKindEnum = enumOf(TEAM_KINDS);
export const GroupRoleEnum = enumOf(GROUP_ROLES);
export const BranchStatusEnum = enumOf(BRANCH_STATUSES);
export const AssignmentEndReasonEnum = enumOf(ASSIGNMENT_END_REASONS);
export const RejectionStageEnum = enumOf(REJECTION_STAGES);
export const RotationBatchStatusEnum = enumOf(ROTATION_BATCH_STATUSES);
export const KnowledgeLevelEnum = enumOf(KNOWLEDGE_LEVELS);
export const TaskCategoryEnum = enumOf(TASK_CATEGORIES);
export const PhysicalIntensityEnum = enumOf(PHYSICAL_INTENSITIES);
export const TaskStatusEnum = enumOf(TASK_STATUSES);
export const TaskPriorityEnum = enumOf(TASK_PRIORITIES);
export const EscalationLevelEnum = enumOf(ESCALATION_LEVELS);
export const DemandStatusEnum = enumOf(DEMAND_STATUSES);
export const DemandChannelEnum = enumOf(DEMAND_CHANNELS);
export const OfferStatusEnum = enumOf(OFFER_STATUSES);
export const TaskAssignmentStatusEnum = enumOf(ASSIGNMENT_STATUSES);
export const TaskAssignmentSourceEnum = enumOf(ASSIGNMENT_SOURCES);
export const PostStatusEnum = enumOf(POST_STATUSES);
export const PostClaimStatusEnum = enumOf(POST_CLAIM_STATUSES);
export const ShiftSwapStatusEnum = enumOf(SHIFT_SWAP_STATUSES);
export const CallUpStatusEnum = enumOf(CALL_UP_STATUSES);
export const CallUpAnswerEnum = enumOf(CALL_UP_ANSWERS);
export const RollCallStateEnum = enumOf(ROLL_CALL_STATES);
export const DutyLogStatusEnum = enumOf(DUTY_LOG_STATUSES);
export const DutyLogSourceEnum = enumOf(DUTY_LOG_SOURCES);
export const PeriodKindEnum = enumOf(PERIOD_KINDS);
export const ObligationKindEnum = enumOf(OBLIGATION_KINDS);
export const ExportFormatEnum = enumOf(EXPORT_FORMATS);
export const ExportStatusEnum = enumOf(EXPORT_STATUSES);
export const ExportKindEnum = enumOf(EXPORT_KINDS);

registerEnumType(MemberKindEnum, {
  name: 'MemberKind',
  description: 'RESIDENT (居民党员) or SECONDED (下沉党员).',
});
registerEnumType(GenderEnum, { name: 'Gender' });
registerEnumType(PhysicalConditionEnum, {
  name: 'PhysicalCondition',
  description: 'FRAIL members get no heavy or outdoor night duty.',
});
registerEnumType(CourtyardKindEnum, { name: 'CourtyardKind' });
registerEnumType(UnitKindEnum, { name: 'UnitKind' });
registerEnumType(RoleEnum, { name: 'Role' });
registerEnumType(SecondmentStatusEnum, {
  name: 'SecondmentStatus',
  description: 'REQUESTED → UNIT_APPROVED → ACTIVE → ENDED; REJECTED at either approval step.',
});
registerEnumType(SecondmentChannelEnum, { name: 'SecondmentChannel' });
registerEnumType(SecondmentEndReasonEnum, { name: 'SecondmentEndReason' });
registerEnumType(TeamKindEnum, { name: 'TeamKind' });
registerEnumType(GroupRoleEnum, { name: 'GroupRole' });
registerEnumType(BranchStatusEnum, { name: 'BranchStatus' });
registerEnumType(AssignmentEndReasonEnum, { name: 'AssignmentEndReason' });
registerEnumType(RejectionStageEnum, {
  name: 'RejectionStage',
  description: 'The approval step that refused a report-in.',
});
registerEnumType(RotationBatchStatusEnum, { name: 'RotationBatchStatus' });
registerEnumType(KnowledgeLevelEnum, { name: 'KnowledgeLevel' });
registerEnumType(TaskCategoryEnum, {
  name: 'TaskCategory',
  description:
    'Derived from the knowledge levels: ROUTINE when professional knowledge is LOW, PROFESSIONAL when it is HIGH and basic knowledge LOW, JOINT otherwise.',
});
registerEnumType(PhysicalIntensityEnum, { name: 'PhysicalIntensity' });
registerEnumType(TaskStatusEnum, {
  name: 'TaskStatus',
  description:
    'DRAFT → DISPATCHING → FILLED → IN_PROGRESS → COMPLETED; UNFILLED when nobody is left to offer it to (re-dispatch returns it to DISPATCHING), FILLED back to DISPATCHING when a member withdraws; CANCELLED from any status before COMPLETED.',
});
registerEnumType(TaskPriorityEnum, {
  name: 'TaskPriority',
  description: 'Also a demand’s urgency; sets the default offer timeout (60, 15, 5 minutes).',
});
registerEnumType(EscalationLevelEnum, {
  name: 'EscalationLevel',
  description:
    'Who has been told that nobody is left: the courtyard’s group leader, then the committee.',
});
registerEnumType(DemandStatusEnum, {
  name: 'DemandStatus',
  description:
    'OPEN until the committee accepts it into tasks, rejects it or merges it into another.',
});
registerEnumType(DemandChannelEnum, {
  name: 'DemandChannel',
  description: 'How the request reached the committee: in person, by phone, through the app.',
});
registerEnumType(OfferStatusEnum, {
  name: 'OfferStatus',
  description:
    'PENDING until the member answers (ACCEPTED, DECLINED), the answer time runs out (EXPIRED) or the offer is taken back (WITHDRAWN: the task filled, was cancelled or re-dispatched).',
});
registerEnumType(TaskAssignmentStatusEnum, {
  name: 'TaskAssignmentStatus',
  description:
    'ACCEPTED while the member is booked; WITHDRAWN by the member before the start (RELEASED: a shift given up or handed over), CANCELLED with the task, NO_SHOW as recorded by the committee, COMPLETED.',
});
registerEnumType(TaskAssignmentSourceEnum, {
  name: 'TaskAssignmentSource',
  description: 'OFFER: an accepted offer (派单); CLAIM: an open task the member claimed (领单).',
});
registerEnumType(PostStatusEnum, {
  name: 'PostStatus',
  description: 'ACTIVE: shifts are planned; RETIRED: no more shifts, those to come cancelled.',
});
registerEnumType(PostClaimStatusEnum, {
  name: 'PostClaimStatus',
  description: 'ACTIVE: the member is booked onto shifts within their commitment; ENDED.',
});
registerEnumType(ShiftSwapStatusEnum, {
  name: 'ShiftSwapStatus',
  description:
    'PENDING until the member asked answers: ACCEPTED (the shift is theirs), DECLINED; or CANCELLED by the asker.',
});
registerEnumType(CallUpStatusEnum, {
  name: 'CallUpStatus',
  description: 'OPEN takes answers; CLOSED froze the roll-call.',
});
registerEnumType(CallUpAnswerEnum, { name: 'CallUpAnswer' });
registerEnumType(RollCallStateEnum, {
  name: 'RollCallState',
  description: 'A member’s answer to a call-up, or UNANSWERED.',
});
registerEnumType(DutyLogStatusEnum, {
  name: 'DutyLogStatus',
  description:
    'SUBMITTED → VERIFIED or REJECTED; a VERIFIED log is SUPERSEDED once its correction is verified.',
});
registerEnumType(DutyLogSourceEnum, {
  name: 'DutyLogSource',
  description:
    'CHECK_IN (check-out wrote it), MANUAL (the member), BACKFILLED (the community, late).',
});
registerEnumType(PeriodKindEnum, {
  name: 'PeriodKind',
  description: 'A calendar month, quarter, half-year or year.',
});
registerEnumType(ObligationKindEnum, {
  name: 'ObligationKind',
  description:
    'COMMITMENT (the member’s own pledge: volunteer service counts), UNIT_REQUIREMENT or COMMUNITY_REQUIREMENT (a seconded member’s duty: every verified log counts).',
});
registerEnumType(ExportFormatEnum, {
  name: 'ExportFormat',
  description:
    'CSV: the member sheet, UTF-8 with a byte order mark (spreadsheet programs then show Chinese). XLSX: summary, members, breakdowns and a chart of hours by month. PDF: the member report, A4.',
});
registerEnumType(ExportStatusEnum, {
  name: 'ExportStatus',
  description: 'QUEUED → RUNNING → DONE, or FAILED (retried by the worker).',
});
registerEnumType(ExportKindEnum, {
  name: 'ExportKind',
  description:
    'UNIT_PARTICIPATION (CSV or XLSX), MEMBER (PDF) or VOLUNTEER_RECORDS (XLSX, sealed in storage).',
});
