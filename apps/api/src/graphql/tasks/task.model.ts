import { Field, Float, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import type { TaskCategory } from '#domain/task-types';
import type { EscalationLevel, TaskPriority, TaskStatus } from '#domain/tasks';
import {
  EscalationLevelEnum,
  TaskCategoryEnum,
  TaskPriorityEnum,
  TaskStatusEnum,
} from '../common/enums.js';
import { Paginated } from '../common/paginated.js';
import { UuidScalar } from '../common/uuid.scalar.js';

/**
 * A task as GraphQL shows it. Other features add fields that point at their
 * records (type, courtyard, demand; dispatch its offers and assignments)
 * with field resolvers on this class.
 */
@ObjectType('Task', {
  description:
    '订单: a task type’s work at one courtyard in one time window, for a number of members.',
})
export class TaskModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar)
  communityId!: string;

  @Field(() => UuidScalar)
  courtyardId!: string;

  @Field(() => UuidScalar)
  taskTypeId!: string;

  @Field(() => UuidScalar, { nullable: true, description: 'The demand the task answers, if any.' })
  demandId!: string | null;

  @Field(() => TaskCategoryEnum, { description: 'Copied from the type when the task was created.' })
  category!: TaskCategory;

  @Field()
  title!: string;

  @Field()
  description!: string;

  @Field(() => GraphQLISODateTime)
  startsAt!: Date;

  @Field(() => GraphQLISODateTime)
  endsAt!: Date;

  @Field(() => Int)
  headcount!: number;

  @Field(() => Int, { nullable: true, description: 'JOINT only: slots for seconded members.' })
  secondedSlots!: number | null;

  @Field(() => Int, { nullable: true, description: 'JOINT only: slots for resident members.' })
  residentSlots!: number | null;

  @Field(() => TaskPriorityEnum)
  priority!: TaskPriority;

  @Field(() => Int, { description: 'Minutes a member has to answer an offer.' })
  offerTimeoutMinutes!: number;

  @Field(() => Float, { nullable: true })
  latitude!: number | null;

  @Field(() => Float, { nullable: true })
  longitude!: number | null;

  @Field(() => TaskStatusEnum)
  status!: TaskStatus;

  @Field(() => Int, { description: 'Publishes and re-dispatches so far.' })
  dispatchRound!: number;

  @Field(() => EscalationLevelEnum)
  escalation!: EscalationLevel;

  @Field(() => GraphQLISODateTime, { nullable: true })
  escalatedAt!: Date | null;

  @Field(() => Int, { nullable: true, description: 'The requester’s rating (评单), 1 to 5.' })
  rating!: number | null;

  @Field(() => String, { nullable: true })
  ratingComment!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  ratedAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;
}

export const TaskPage = Paginated(TaskModel, 'TaskPage');

@ObjectType('TaskTransition', { description: 'One step of a task’s status history.' })
export class TaskTransitionModel {
  @Field(() => TaskStatusEnum, { nullable: true, description: 'Null for the task’s creation.' })
  from!: TaskStatus | null;

  @Field(() => TaskStatusEnum)
  to!: TaskStatus;

  @Field(() => GraphQLISODateTime)
  at!: Date;

  @Field(() => UuidScalar, {
    nullable: true,
    description:
      'The account that made the move; null when the system did (dispatch, the start schedule).',
  })
  by!: string | null;

  @Field(() => String, { nullable: true })
  reason!: string | null;
}
