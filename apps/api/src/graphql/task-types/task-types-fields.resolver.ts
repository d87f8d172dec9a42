import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestLoaders } from '../common/loaders.js';
import { Authenticated } from '../policy/policy.decorator.js';
import { Loaders } from '../policy/current-actor.decorator.js';
import { TaskModel } from '../tasks/task.model.js';
import { TaskTypeModel } from './task-type.model.js';
import { TaskTypesLoaders } from './task-types.loaders.js';

@Resolver(() => TaskModel)
export class TaskTypeOfTaskResolver {
  constructor(private readonly loaders: TaskTypesLoaders) {}

  @ResolveField(() => TaskTypeModel, {
    description: 'The kind of duty; a retired type stays on the tasks that have it.',
  })
  @Authenticated()
  type(@Parent() task: TaskModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).taskType.load(task.taskTypeId);
  }
}
