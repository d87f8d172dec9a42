import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { LocalDateScalar } from '../common/local-date.scalar.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@InputType({ description: 'One start time and length, on several weekdays.' })
export class PostSlotsInput {
  @Field(() => [Int], { description: 'ISO weekdays, 1 = Monday … 7 = Sunday.' })
  weekdays!: number[];

  @Field({ description: 'Local start time in the community’s time zone, HH:MM.' })
  startTime!: string;

  @Field(() => Int, { description: '15 to 720; a shift may run past midnight.' })
  minutes!: number;
}

@InputType()
export class CreatePostInput {
  @Field(() => UuidScalar)
  communityId!: string;

  @Field(() => UuidScalar, { description: 'Where the duty is: a courtyard of the community.' })
  courtyardId!: string;

  @Field(() => UuidScalar)
  taskTypeId!: string;

  @Field({ description: 'At most 100 characters, e.g. 小区门岗值守.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'At most 2000 characters.' })
  description?: string | null;

  @Field(() => Int, { description: 'Members per shift, 1 to 200.' })
  headcount!: number;

  @Field(() => [PostSlotsInput], {
    description: 'The weekly schedule: 1 to 14 groups, no two slots overlapping.',
  })
  slots!: PostSlotsInput[];

  @Field(() => LocalDateScalar)
  startsOn!: string;

  @Field(() => LocalDateScalar, { nullable: true })
  endsOn?: string | null;

  @Field(() => Float, { nullable: true })
  latitude?: number | null;

  @Field(() => Float, { nullable: true })
  longitude?: number | null;
}

@InputType()
export class ClaimPostInput {
  @Field(() => UuidScalar)
  postId!: string;

  @Field(() => Int, { description: 'Shifts a month you commit to, 1 to 62.' })
  shiftsPerMonth!: number;

  @Field(() => LocalDateScalar, { description: 'Until when (inclusive).' })
  until!: string;

  @Field({ description: 'Your written commitment (承诺), at most 500 characters.' })
  commitment!: string;
}

@InputType()
export class RequestShiftSwapInput {
  @Field(() => UuidScalar, { description: 'A shift you are booked on that has not begun.' })
  shiftId!: string;

  @Field(() => UuidScalar, { description: 'A fellow claimant (shiftSwapCandidates).' })
  toMemberId!: string;

  @Field(() => String, { nullable: true, description: 'At most 200 characters.' })
  note?: string | null;
}
