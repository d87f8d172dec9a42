import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestLoaders } from '../common/loaders.js';
import { Authenticated } from '../policy/policy.decorator.js';
import { Loaders } from '../policy/current-actor.decorator.js';
import { TaskModel } from '../tasks/task.model.js';
import { TaskAssignmentModel, TaskOfferModel } from './dispatch.model.js';
import { DispatchLoaders } from './dispatch.loaders.js';

@Resolver(() => TaskModel)
export class TaskDispatchResolver {
  constructor(private readonly loaders: DispatchLoaders) {}

  @ResolveField(() => [TaskOfferModel], {
    description:
      'Every offer of the task, newest first, with the score and the reasons (committee and operators; empty for others).',
  })
  @Authenticated()
  offers(@Parent() task: TaskModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).offersOfTask.load(task.id);
  }

  @ResolveField(() => [TaskAssignmentModel], {
    description:
      'The members booked for the task, and those who left it (committee and operators).',
  })
  @Authenticated()
  assignments(@Parent() task: TaskModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).assignmentsOfTask.load(task.id);
  }
}
