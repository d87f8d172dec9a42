import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import type { CallUpAnswer, CallUpStatus, RollCallState } from '#domain/call-ups';
import type { MemberKind } from '#domain/members';
import {
  CallUpAnswerEnum,
  CallUpStatusEnum,
  MemberKindEnum,
  RollCallStateEnum,
} from '../common/enums.js';
import { Paginated } from '../common/paginated.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@ObjectType('RollCallCounts', {
  description: 'Members called and what they answered: each counted once, by their last answer.',
})
export class RollCallCountsModel {
  @Field(() => Int)
  called!: number;

  @Field(() => Int)
  available!: number;

  @Field(() => Int)
  unavailable!: number;

  @Field(() => Int)
  unanswered!: number;
}

@ObjectType('CallUp', { description: '紧急召集: a call to a community’s members to report.' })
export class CallUpModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar)
  communityId!: string;

  @Field()
  message!: string;

  @Field(() => GraphQLISODateTime)
  respondBy!: Date;

  @Field()
  includeResidents!: boolean;

  @Field(() => [String])
  skills!: string[];

  @Field(() => Int, { nullable: true })
  reminderMinutes!: number | null;

  @Field(() => CallUpStatusEnum)
  status!: CallUpStatus;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When every member’s message was queued; null while that is under way.',
  })
  fannedOutAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  closedAt!: Date | null;

  @Field(() => RollCallCountsModel)
  counts!: RollCallCountsModel;
}

export const CallUpPage = Paginated(CallUpModel, 'CallUpPage');

@ObjectType('RollCallGroup', {
  description: 'The counts of one unit or party group; id and name null for members with none.',
})
export class RollCallGroupModel extends RollCallCountsModel {
  @Field(() => UuidScalar, { nullable: true })
  id!: string | null;

  @Field(() => String, { nullable: true })
  name!: string | null;
}

@ObjectType('RollCall')
export class RollCallModel {
  @Field(() => CallUpModel)
  callUp!: CallUpModel;

  @Field(() => [RollCallGroupModel], { description: 'By the unit of each seconded member.' })
  byUnit!: RollCallGroupModel[];

  @Field(() => [RollCallGroupModel], { description: 'By each member’s party group there.' })
  byPartyGroup!: RollCallGroupModel[];
}

@ObjectType('RollCallEntry')
export class RollCallEntryModel {
  @Field(() => UuidScalar)
  memberId!: string;

  @Field()
  name!: string;

  @Field(() => MemberKindEnum)
  kind!: MemberKind;

  @Field(() => String, { nullable: true })
  unitName!: string | null;

  @Field(() => String, { nullable: true })
  partyGroupName!: string | null;

  @Field(() => RollCallStateEnum)
  state!: RollCallState;

  @Field(() => GraphQLISODateTime, { nullable: true })
  arriveAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  answeredAt!: Date | null;
}

export const RollCallEntryPage = Paginated(RollCallEntryModel, 'RollCallEntryPage');

@ObjectType('MyCallUp', { description: 'A call-up you were called to, with your answer.' })
export class MyCallUpModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar)
  communityId!: string;

  @Field()
  communityName!: string;

  @Field()
  message!: string;

  @Field(() => GraphQLISODateTime)
  respondBy!: Date;

  @Field(() => CallUpStatusEnum)
  status!: CallUpStatus;

  @Field(() => CallUpAnswerEnum, { nullable: true })
  answer!: CallUpAnswer | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  arriveAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  answeredAt!: Date | null;
}
