import { Field, GraphQLISODateTime, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { BOARD_EVENT_KINDS, type BoardEventKind } from '#domain/live';
import type { NotificationTemplate } from '#domain/notifications';
import type { ExportStatus } from '#domain/reports';
import type { EscalationLevel, TaskStatus } from '#domain/tasks';
import { RollCallCountsModel } from '../call-ups/call-ups.model.js';
import { EscalationLevelEnum, enumOf, ExportStatusEnum, TaskStatusEnum } from '../common/enums.js';
import { UuidScalar } from '../common/uuid.scalar.js';
import { NotificationTemplateEnum } from '../notifications/notification.model.js';

export const BoardEventKindEnum = enumOf(BOARD_EVENT_KINDS);
registerEnumType(BoardEventKindEnum, {
  name: 'BoardEventKind',
  description:
    'TASK_STATUS (taskId, status), TASK_ESCALATED (taskId, escalation), SHIFT_COVERAGE (postId: read its coverage again), ROLL_CALL (callUpId, counts), REPORT_EXPORT (exportId, exportStatus, progress: the community’s volunteer-record export).',
});

@ObjectType('BoardEvent', {
  description:
    'A change on a community’s dispatch board: ids, statuses and counts; read the rest through queries.',
})
export class BoardEventModel {
  @Field(() => BoardEventKindEnum)
  kind!: BoardEventKind;

  @Field(() => UuidScalar)
  communityId!: string;

  @Field(() => GraphQLISODateTime)
  at!: Date;

  @Field(() => UuidScalar, { nullable: true })
  taskId?: string;

  @Field(() => TaskStatusEnum, { nullable: true })
  status?: TaskStatus;

  @Field(() => EscalationLevelEnum, { nullable: true })
  escalation?: EscalationLevel;

  @Field(() => UuidScalar, { nullable: true })
  postId?: string;

  @Field(() => UuidScalar, { nullable: true })
  callUpId?: string;

  @Field(() => RollCallCountsModel, { nullable: true })
  counts?: RollCallCountsModel;

  @Field(() => UuidScalar, { nullable: true })
  exportId?: string;

  @Field(() => ExportStatusEnum, { nullable: true })
  exportStatus?: ExportStatus;

  @Field(() => Int, { nullable: true, description: 'REPORT_EXPORT: 0 to 100.' })
  progress?: number;
}

@ObjectType('ReportExportEvent', {
  description:
    'One of your report exports moved on; once DONE, reportExport gives its download link.',
})
export class ReportExportEventModel {
  @Field(() => UuidScalar)
  exportId!: string;

  @Field(() => ExportStatusEnum)
  status!: ExportStatus;

  @Field(() => Int, { description: '0 to 100.' })
  progress!: number;

  @Field(() => GraphQLISODateTime)
  at!: Date;
}

@ObjectType('FeedEvent', {
  description:
    'Something the system told you, as it happens: the notification’s template and subject (an offer, a withdrawal, a swap request…), or a call-up you were called to.',
})
export class FeedEventModel {
  @Field(() => NotificationTemplateEnum)
  template!: NotificationTemplate;

  @Field(() => GraphQLISODateTime)
  at!: Date;

  @Field(() => UuidScalar, {
    nullable: true,
    description: 'The offer, assignment, swap… the message is about.',
  })
  subjectId?: string;

  @Field(() => UuidScalar, {
    nullable: true,
    description: 'For CALL_UP: answer it with answerCallUp.',
  })
  callUpId?: string;
}
