import { Field, InputType, Int } from '@nestjs/graphql';
import { LocalDateScalar } from '../common/local-date.scalar.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@InputType()
export class RewardInput {
  @Field(() => UuidScalar)
  communityId!: string;

  @Field({ description: 'At most 100 characters.' })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: 'E.g. a local merchant; at most 100 characters.',
  })
  sponsor?: string | null;

  @Field(() => Int, { description: '1 to 1,000,000 community points.' })
  cost!: number;

  @Field(() => Int, { description: '0 to 100,000.' })
  stock!: number;

  @Field(() => LocalDateScalar)
  validFrom!: string;

  @Field(() => LocalDateScalar, { nullable: true })
  validUntil?: string | null;
}

@InputType()
export class PointsRuleInput {
  @Field(() => UuidScalar)
  communityId!: string;

  @Field(() => Int, { description: '0 to 1,000 per verified hour.' })
  pointsPerHour!: number;

  @Field(() => Int, { description: '1 to 100,000 a day per member.' })
  dailyCap!: number;
}
