import { Field, Float, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import type { AssignmentSource, AssignmentStatus, OfferStatus } from '#domain/dispatch';
import type { MemberKind } from '#domain/members';
import {
  MemberKindEnum,
  OfferStatusEnum,
  TaskAssignmentSourceEnum,
  TaskAssignmentStatusEnum,
} from '../common/enums.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@ObjectType('MatchReason', {
  description: 'One reason a member was chosen for an offer ("why this member").',
})
export class MatchReasonModel {
  @Field({ description: 'Stable code, e.g. SAME_COURTYARD, HAS_SKILL, RECENT_SERVICE.' })
  code!: string;

  @Field({ description: 'The reason in zh-CN, e.g. 同一小区, 具备法律咨询技能, 近30天服务2小时.' })
  text!: string;

  @Field(() => Float, { description: 'What this reason added to the score.' })
  weight!: number;
}

@ObjectType('TaskOffer', {
  description: 'A task offered to one member in one dispatch round (派单), with why.',
})
export class TaskOfferModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar)
  taskId!: string;

  @Field(() => UuidScalar)
  memberId!: string;

  @Field(() => Int, { description: 'The dispatch round it belongs to.' })
  round!: number;

  @Field(() => MemberKindEnum, {
    description: 'The kind of slot it fills (JOINT tasks have both).',
  })
  slotKind!: MemberKind;

  @Field(() => Float)
  score!: number;

  @Field(() => [MatchReasonModel])
  reasons!: MatchReasonModel[];

  @Field(() => OfferStatusEnum)
  status!: OfferStatus;

  @Field(() => GraphQLISODateTime)
  offeredAt!: Date;

  @Field(() => GraphQLISODateTime)
  expiresAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  answeredAt!: Date | null;
}

@ObjectType('TaskAssignment', {
  description: 'A member booked for a task, by an accepted offer or a claim.',
})
export class TaskAssignmentModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar)
  taskId!: string;

  @Field(() => UuidScalar)
  memberId!: string;

  @Field(() => MemberKindEnum)
  slotKind!: MemberKind;

  @Field(() => TaskAssignmentSourceEnum)
  source!: AssignmentSource;

  @Field(() => TaskAssignmentStatusEnum)
  status!: AssignmentStatus;

  @Field(() => GraphQLISODateTime)
  acceptedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  endedAt!: Date | null;
}
