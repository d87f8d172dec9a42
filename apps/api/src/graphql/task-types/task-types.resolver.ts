import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import { TaskTypeQueries, TaskTypesService } from '#domain/task-types';
import { pagedComplexity, toPageRequest } from '../common/page.args.js';
import { ID_ARG } from '../common/uuid.scalar.js';
import { Authenticated, RequireRoles } from '../policy/policy.decorator.js';
import { CurrentActor } from '../policy/current-actor.decorator.js';
import { CreateTaskTypeInput, TaskTypeFilterArgs, UpdateTaskTypeInput } from './task-type.input.js';
import { TaskTypeModel, TaskTypePage } from './task-type.model.js';

@Resolver(() => TaskTypeModel)
export class TaskTypesResolver {
  constructor(
    private readonly taskTypesService: TaskTypesService,
    private readonly queries: TaskTypeQueries,
  ) {}

  @Query(() => TaskTypeModel)
  @Authenticated()
  taskType(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.queries.taskType(actor, id);
  }

  @Query(() => TaskTypePage, {
    complexity: pagedComplexity,
    description: 'The shared catalogue and the types of the communities you may see.',
  })
  @Authenticated()
  taskTypes(@CurrentActor() actor: Actor, @Args() args: TaskTypeFilterArgs) {
    return this.queries.taskTypes(actor, args, toPageRequest(args));
  }

  @Mutation(() => TaskTypeModel)
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  createTaskType(@CurrentActor() actor: Actor, @Args('input') input: CreateTaskTypeInput) {
    return this.taskTypesService.createTaskType(actor, input);
  }

  @Mutation(() => TaskTypeModel)
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  updateTaskType(
    @CurrentActor() actor: Actor,
    @Args('id', ID_ARG) id: string,
    @Args('input') input: UpdateTaskTypeInput,
  ) {
    return this.taskTypesService.updateTaskType(actor, id, input);
  }

  @Mutation(() => TaskTypeModel, {
    description: 'Takes a type out of the catalogue; tasks that refer to it keep it.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  retireTaskType(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.taskTypesService.retireTaskType(actor, id);
  }
}
