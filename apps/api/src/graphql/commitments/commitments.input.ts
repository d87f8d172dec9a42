import { Field, Float, InputType, Int } from '@nestjs/graphql';
import type { PeriodKind } from '#domain/commitments';
import { PeriodKindEnum } from '../common/enums.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@InputType()
export class CommitmentInput {
  @Field(() => Float, { description: '0.5 to 200, at most one decimal.' })
  hoursPerMonth!: number;

  @Field(() => String, { nullable: true, description: 'At most 200 characters.' })
  note?: string | null;
}

@InputType({ description: 'Exactly one of unitId and communityId.' })
export class ServiceRequirementInput {
  @Field(() => UuidScalar, { nullable: true })
  unitId?: string | null;

  @Field(() => UuidScalar, { nullable: true })
  communityId?: string | null;

  @Field(() => PeriodKindEnum)
  period!: PeriodKind;

  @Field(() => Float, { nullable: true, description: '0.5 to 2,000 hours per period.' })
  minHours?: number | null;

  @Field(() => Int, { nullable: true, description: '1 to 1,000 activities per period.' })
  minActivities?: number | null;
}
