import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import type {
  RejectionStage,
  RotationBatchStatus,
  SecondmentChannel,
  SecondmentEndReason,
  SecondmentStatus,
} from '#domain/secondment';
import {
  RejectionStageEnum,
  RotationBatchStatusEnum,
  SecondmentChannelEnum,
  SecondmentEndReasonEnum,
  SecondmentStatusEnum,
} from '../common/enums.js';
import { Paginated } from '../common/paginated.js';
import { LocalDateScalar } from '../common/local-date.scalar.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@ObjectType('Secondment', { description: '报到: a seconded member’s report-in to one community.' })
export class SecondmentModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar)
  memberId!: string;

  @Field(() => UuidScalar)
  unitId!: string;

  @Field(() => UuidScalar)
  communityId!: string;

  @Field(() => SecondmentChannelEnum)
  channel!: SecondmentChannel;

  @Field(() => UuidScalar, { nullable: true })
  batchId!: string | null;

  @Field(() => UuidScalar, { nullable: true, description: 'The secondment a transfer replaces.' })
  transferFromId!: string | null;

  @Field(() => SecondmentStatusEnum)
  status!: SecondmentStatus;

  @Field(() => GraphQLISODateTime)
  requestedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  unitApprovedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  activatedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Issued by the community on acceptance.' })
  receiptNumber!: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Next re-report date.' })
  reportDueOn!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastReportedAt!: Date | null;

  @Field(() => RejectionStageEnum, { nullable: true })
  rejectedStage!: RejectionStage | null;

  @Field(() => String, { nullable: true })
  rejectionReason!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  endedAt!: Date | null;

  @Field(() => SecondmentEndReasonEnum, { nullable: true })
  endReason!: SecondmentEndReason | null;
}

export const SecondmentPage = Paginated(SecondmentModel, 'SecondmentPage');

@ObjectType('RotationBatch', {
  description:
    '轮换批次: size agreed between lead unit and community, filed with the work committee.',
})
export class RotationBatchModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar)
  communityId!: string;

  @Field(() => UuidScalar)
  leadUnitId!: string;

  @Field()
  name!: string;

  @Field(() => LocalDateScalar)
  plannedStart!: string;

  @Field(() => LocalDateScalar)
  plannedEnd!: string;

  @Field(() => Int)
  headcount!: number;

  @Field()
  filingReference!: string;

  @Field(() => RotationBatchStatusEnum)
  status!: RotationBatchStatus;

  @Field(() => GraphQLISODateTime, { nullable: true })
  endedAt!: Date | null;
}
