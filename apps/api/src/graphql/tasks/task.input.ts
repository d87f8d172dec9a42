import { ArgsType, Field, Float, GraphQLISODateTime, InputType, Int } from '@nestjs/graphql';
import type { TaskPriority, TaskStatus } from '#domain/tasks';
import { TaskPriorityEnum, TaskStatusEnum } from '../common/enums.js';
import { PageArgs } from '../common/page.args.js';
import { UuidScalar } from '../common/uuid.scalar.js';

/** The terms of a task, shared by createTask and acceptDemand's tasks. */
@InputType({ isAbstract: true })
export class TaskFieldsInput {
  @Field(() => UuidScalar, { description: 'A live type, shared or the community’s own.' })
  taskTypeId!: string;

  @Field({ description: 'At most 100 characters.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'At most 2000 characters.' })
  description?: string | null;

  @Field(() => GraphQLISODateTime)
  startsAt!: Date;

  @Field(() => GraphQLISODateTime, {
    description: 'After startsAt, at most 24 hours later, and not yet past.',
  })
  endsAt!: Date;

  @Field(() => Int, { description: '1 to 200.' })
  headcount!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'JOINT tasks only (required there): seconded slots, at least 1.',
  })
  secondedSlots?: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'JOINT tasks only (required there): resident slots, at least 1; the two add up to the headcount.',
  })
  residentSlots?: number | null;

  @Field(() => TaskPriorityEnum, {
    nullable: true,
    description: 'Defaults to NORMAL, or to the demand’s urgency.',
  })
  priority?: TaskPriority | null;

  @Field(() => Int, {
    nullable: true,
    description: '1 to 10080; defaults by priority: NORMAL 60, URGENT 15, EMERGENCY 5.',
  })
  offerTimeoutMinutes?: number | null;

  @Field(() => Float, { nullable: true, description: 'With longitude, or neither.' })
  latitude?: number | null;

  @Field(() => Float, { nullable: true })
  longitude?: number | null;
}

@InputType()
export class CreateTaskInput extends TaskFieldsInput {
  @Field(() => UuidScalar)
  communityId!: string;

  @Field(() => UuidScalar, { description: 'A courtyard of the community.' })
  courtyardId!: string;
}

@InputType({
  description: 'Fields left out keep their value; a new type needs a JOINT split again.',
})
export class UpdateTaskInput {
  @Field(() => UuidScalar, { nullable: true })
  taskTypeId?: string | null;

  @Field(() => UuidScalar, { nullable: true })
  courtyardId?: string | null;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  startsAt?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  endsAt?: Date | null;

  @Field(() => Int, { nullable: true })
  headcount?: number | null;

  @Field(() => Int, { nullable: true })
  secondedSlots?: number | null;

  @Field(() => Int, { nullable: true })
  residentSlots?: number | null;

  @Field(() => TaskPriorityEnum, { nullable: true })
  priority?: TaskPriority | null;

  @Field(() => Int, { nullable: true })
  offerTimeoutMinutes?: number | null;

  @Field(() => Float, { nullable: true })
  latitude?: number | null;

  @Field(() => Float, { nullable: true })
  longitude?: number | null;
}

@InputType()
export class RateTaskInput {
  @Field(() => Int, { description: '1 to 5.' })
  rating!: number;

  @Field(() => String, { nullable: true, description: 'At most 500 characters.' })
  comment?: string | null;
}

@ArgsType()
export class TaskFilterArgs extends PageArgs {
  @Field(() => UuidScalar, { nullable: true })
  communityId?: string | null;

  @Field(() => TaskStatusEnum, { nullable: true })
  status?: TaskStatus | null;
}
