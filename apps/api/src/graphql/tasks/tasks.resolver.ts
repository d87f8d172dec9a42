import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import { TaskQueries, TasksService } from '#domain/tasks';
import { pagedComplexity, toPageRequest } from '../common/page.args.js';
import { ID_ARG } from '../common/uuid.scalar.js';
import { Authenticated, RequireRoles } from '../policy/policy.decorator.js';
import { CurrentActor } from '../policy/current-actor.decorator.js';
import { CreateTaskInput, RateTaskInput, TaskFilterArgs, UpdateTaskInput } from './task.input.js';
import { TaskModel, TaskPage } from './task.model.js';

@Resolver(() => TaskModel)
export class TasksResolver {
  constructor(
    private readonly tasksService: TasksService,
    private readonly queries: TaskQueries,
  ) {}

  @Query(() => TaskModel)
  @Authenticated()
  task(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.queries.task(actor, id);
  }

  @Query(() => TaskPage, {
    complexity: pagedComplexity,
    description:
      'Tasks you may see, the latest window first: a committee its community’s, a group leader its courtyard’s, a member those offered to or taken by them.',
  })
  @Authenticated()
  tasks(@CurrentActor() actor: Actor, @Args() args: TaskFilterArgs) {
    return this.queries.tasks(actor, args, toPageRequest(args));
  }

  @Mutation(() => TaskModel, { description: 'Drafts a task (DRAFT); publishing sends it out.' })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  createTask(@CurrentActor() actor: Actor, @Args('input') input: CreateTaskInput) {
    return this.tasksService.create(actor, input);
  }

  @Mutation(() => TaskModel, { description: 'Corrects a draft task.' })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  updateTask(
    @CurrentActor() actor: Actor,
    @Args('id', ID_ARG) id: string,
    @Args('input') input: UpdateTaskInput,
  ) {
    return this.tasksService.update(actor, id, input);
  }

  @Mutation(() => TaskModel, {
    description: 'Marks a task under way (or filled and past its start) as done.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  completeTask(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.tasksService.complete(actor, id);
  }

  @Mutation(() => TaskModel, {
    description: 'Records the requester’s rating (评单) of a completed task, once.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  rateTask(
    @CurrentActor() actor: Actor,
    @Args('id', ID_ARG) id: string,
    @Args('input') input: RateTaskInput,
  ) {
    return this.tasksService.rate(actor, id, input);
  }
}
