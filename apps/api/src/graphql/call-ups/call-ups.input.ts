import { Field, GraphQLISODateTime, InputType, Int } from '@nestjs/graphql';
import type { CallUpAnswer } from '#domain/call-ups';
import { CallUpAnswerEnum } from '../common/enums.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@InputType()
export class CallUpInput {
  @Field(() => [UuidScalar], {
    description: '1 to 50 communities (an operator calling up a district): one call-up each.',
  })
  communityIds!: string[];

  @Field({ description: 'What is happening and where to come; 1 to 500 characters.' })
  message!: string;

  @Field(() => GraphQLISODateTime, { description: '5 minutes to 7 days ahead.' })
  respondBy!: Date;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Call the resident members too (seconded members are always called).',
  })
  includeResidents?: boolean | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Only members with at least one of these skills (at most 20).',
  })
  skills?: string[] | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Remind the unanswered every so many minutes (10 to 720, at most 5 times).',
  })
  reminderMinutes?: number | null;
}

@InputType()
export class AnswerCallUpInput {
  @Field(() => UuidScalar)
  callUpId!: string;

  @Field(() => CallUpAnswerEnum)
  answer!: CallUpAnswer;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When you can be there: required with AVAILABLE, not with UNAVAILABLE.',
  })
  arriveAt?: Date | null;
}
