import { Field, GraphQLISODateTime, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LEDGERS, type EntryReason, type Ledger } from '#domain/points';
import { enumOf } from '../common/enums.js';
import { LocalDateScalar } from '../common/local-date.scalar.js';
import { Paginated } from '../common/paginated.js';
import { UuidScalar } from '../common/uuid.scalar.js';

export const PointsLedgerEnum = enumOf(LEDGERS);
registerEnumType(PointsLedgerEnum, {
  name: 'PointsLedger',
  description:
    'COMMUNITY: spendable on rewards. APPRAISAL: per year, for the democratic appraisal, never spent.',
});
export const PointsReasonEnum = enumOf<EntryReason>([
  'SERVICE',
  'SERVICE_REVERSED',
  'REDEMPTION',
  'REDEMPTION_CANCELLED',
]);
registerEnumType(PointsReasonEnum, { name: 'PointsReason' });
export const RedemptionStatusEnum = enumOf(['REDEEMED', 'COLLECTED', 'CANCELLED'] as const);
registerEnumType(RedemptionStatusEnum, { name: 'RedemptionStatus' });

@ObjectType('PointsBalance')
export class PointsBalanceModel {
  @Field(() => UuidScalar)
  communityId!: string;

  @Field(() => PointsLedgerEnum)
  ledger!: Ledger;

  @Field(() => Int, { description: '0 for community points; the year for appraisal points.' })
  period!: number;

  @Field(() => Int)
  balance!: number;
}

@ObjectType('PointsEntry', { description: 'One line of the append-only points ledger.' })
export class PointsEntryModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar)
  communityId!: string;

  @Field(() => PointsLedgerEnum)
  ledger!: Ledger;

  @Field(() => Int)
  period!: number;

  @Field(() => Int)
  amount!: number;

  @Field(() => PointsReasonEnum)
  reason!: EntryReason;

  @Field(() => UuidScalar, { description: 'The duty log or redemption it is for.' })
  sourceId!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;
}

export const PointsEntryPage = Paginated(PointsEntryModel, 'PointsEntryPage');

@ObjectType('PointsRule')
export class PointsRuleModel {
  @Field(() => UuidScalar)
  communityId!: string;

  @Field(() => Int, { description: 'Per verified hour, times the task type’s weight.' })
  pointsPerHour!: number;

  @Field(() => Int, { description: 'At most this many a day per member.' })
  dailyCap!: number;
}

@ObjectType('Reward', { description: '积分商城: a reward a community offers for points.' })
export class RewardModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar)
  communityId!: string;

  @Field()
  name!: string;

  @Field({ description: 'Who provides it, e.g. a local merchant; may be empty.' })
  sponsor!: string;

  @Field(() => Int)
  cost!: number;

  @Field(() => Int)
  stock!: number;

  @Field(() => LocalDateScalar)
  validFrom!: string;

  @Field(() => LocalDateScalar, { nullable: true })
  validUntil!: string | null;
}

@ObjectType('Redemption')
export class RedemptionModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar)
  rewardId!: string;

  @Field()
  rewardName!: string;

  @Field(() => UuidScalar)
  memberId!: string;

  @Field(() => Int)
  cost!: number;

  @Field({ description: 'Eight digits, shown at the counter to collect the reward.' })
  pickupCode!: string;

  @Field(() => RedemptionStatusEnum)
  status!: 'REDEEMED' | 'COLLECTED' | 'CANCELLED';

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;
}
