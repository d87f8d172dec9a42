import { Field, Float, GraphQLISODateTime, InputType, Int } from '@nestjs/graphql';
import { LocalDateScalar } from '../common/local-date.scalar.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@InputType({ description: 'One piece of service (纪实): theme, content, time and place.' })
export class DutyLogInput {
  @Field({
    description:
      'The app’s id for this submission (1–100 of A–Z a–z 0–9 - _ : .): sending it again returns the log first made with it.',
  })
  clientRequestId!: string;

  @Field({ description: 'At most 100 characters.' })
  theme!: string;

  @Field({ description: 'At most 2,000 characters.' })
  content!: string;

  @Field({ description: 'At most 200 characters.' })
  place!: string;

  @Field(() => GraphQLISODateTime)
  startsAt!: Date;

  @Field(() => GraphQLISODateTime, {
    description: 'After startsAt, at most 12 hours later, not in the future.',
  })
  endsAt!: Date;

  @Field(() => Float, { nullable: true })
  latitude?: number | null;

  @Field(() => Float, { nullable: true })
  longitude?: number | null;

  @Field(() => UuidScalar, { nullable: true, description: 'The task or shift booking this was.' })
  assignmentId?: string | null;

  @Field(() => UuidScalar, {
    nullable: true,
    description: 'Without a booking: the community served (where you live or have reported in).',
  })
  communityId?: string | null;

  @Field(() => Int, { nullable: true, description: 'People served, 0 to 100,000.' })
  beneficiaries?: number | null;

  @Field(() => String, { nullable: true, description: 'At most 200 characters.' })
  beneficiariesNote?: string | null;

  @Field(() => [UuidScalar], {
    nullable: true,
    description: 'Up to 9 of your uploaded photos (requestPhotoUpload), in order.',
  })
  photoIds?: string[] | null;
}

@InputType()
export class BackfillDutyLogInput extends DutyLogInput {
  @Field(() => UuidScalar)
  memberId!: string;

  @Field({ description: 'Why it was not logged in time; at most 500 characters.' })
  reason!: string;
}

@InputType({
  description: 'A day that is not as Monday to Friday says: a holiday, or a weekend day worked.',
})
export class CalendarDayInput {
  @Field(() => LocalDateScalar)
  day!: string;

  @Field()
  working!: boolean;

  @Field({ description: 'E.g. 国庆节, 国庆节调休上班; at most 50 characters.' })
  name!: string;
}
