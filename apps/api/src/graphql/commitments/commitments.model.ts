import { Field, Float, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import type { ObligationKind, PeriodKind } from '#domain/commitments';
import { ObligationKindEnum, PeriodKindEnum } from '../common/enums.js';
import { LocalDateScalar } from '../common/local-date.scalar.js';
import { Paginated } from '../common/paginated.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@ObjectType('Commitment', { description: 'A member’s pledge of volunteer hours a month (承诺).' })
export class CommitmentModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar)
  memberId!: string;

  @Field(() => Float)
  hoursPerMonth!: number;

  @Field()
  note!: string;

  @Field(() => GraphQLISODateTime)
  signedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  endedAt!: Date | null;
}

@ObjectType('ServiceRequirement', {
  description: 'What a unit or a community asks of its seconded members per period (要求).',
})
export class ServiceRequirementModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar, { nullable: true })
  unitId!: string | null;

  @Field(() => UuidScalar, { nullable: true })
  communityId!: string | null;

  @Field(() => PeriodKindEnum)
  period!: PeriodKind;

  @Field(() => Float, { nullable: true })
  minHours!: number | null;

  @Field(() => Int, { nullable: true })
  minActivities!: number | null;

  @Field(() => GraphQLISODateTime)
  setAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  endedAt!: Date | null;
}

@ObjectType('Period')
export class PeriodModel {
  @Field(() => PeriodKindEnum)
  kind!: PeriodKind;

  @Field({ description: '2026-11, 2026-Q4, 2026-H2 or 2026.' })
  label!: string;

  @Field(() => LocalDateScalar)
  start!: string;

  @Field(() => LocalDateScalar)
  end!: string;
}

@ObjectType('Compliance', {
  description:
    'One obligation of one member over its period, from verified duty logs only (superseded ones never count).',
})
export class ComplianceModel {
  @Field(() => UuidScalar)
  memberId!: string;

  @Field()
  memberName!: string;

  @Field(() => ObligationKindEnum)
  kind!: ObligationKind;

  @Field(() => UuidScalar, { description: 'The commitment or requirement.' })
  sourceId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The unit or community that set it; null for a commitment.',
  })
  ownerName!: string | null;

  @Field(() => PeriodModel)
  period!: PeriodModel;

  @Field(() => Float, { nullable: true })
  requiredHours!: number | null;

  @Field(() => Int, { nullable: true })
  requiredActivities!: number | null;

  @Field(() => Float, { description: 'Verified hours in the period so far (one decimal).' })
  hours!: number;

  @Field(() => Int, { description: 'Verified duty logs in the period so far.' })
  activities!: number;

  @Field()
  met!: boolean;

  @Field({ description: 'Not met, and short of the share of the period gone by.' })
  behind!: boolean;
}

export const CompliancePage = Paginated(ComplianceModel, 'CompliancePage');
