import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestLoaders } from '../common/loaders.js';
import { DemandModel } from '../demands/demand.model.js';
import { TaskAssignmentModel, TaskOfferModel } from '../dispatch/dispatch.model.js';
import { Authenticated } from '../policy/policy.decorator.js';
import { Loaders } from '../policy/current-actor.decorator.js';
import { TaskModel, TaskTransitionModel } from './task.model.js';
import { TasksLoaders } from './tasks.loaders.js';

@Resolver(() => TaskModel)
export class TaskTransitionsResolver {
  constructor(private readonly loaders: TasksLoaders) {}

  @ResolveField(() => [TaskTransitionModel], {
    description: 'Every status the task went through, oldest first, with who and when.',
  })
  @Authenticated()
  transitions(@Parent() task: TaskModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).transitionsOfTask.load(task.id);
  }
}

@Resolver(() => DemandModel)
export class DemandProgressResolver {
  constructor(private readonly loaders: TasksLoaders) {}

  @ResolveField(() => [TaskModel], {
    description:
      'The tasks answering the demand, with their statuses; for a merged demand, those of the demand it was merged into.',
  })
  @Authenticated()
  progress(@Parent() demand: DemandModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).tasksOfDemand.load(demand.mergedIntoId ?? demand.id);
  }
}

@Resolver(() => TaskOfferModel)
export class OfferTaskResolver {
  constructor(private readonly loaders: TasksLoaders) {}

  @ResolveField(() => TaskModel, { nullable: true, description: 'The task offered.' })
  @Authenticated()
  task(@Parent() offer: TaskOfferModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).task.load(offer.taskId);
  }
}

@Resolver(() => TaskAssignmentModel)
export class AssignmentTaskResolver {
  constructor(private readonly loaders: TasksLoaders) {}

  @ResolveField(() => TaskModel, { nullable: true, description: 'The task booked.' })
  @Authenticated()
  task(@Parent() assignment: TaskAssignmentModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).task.load(assignment.taskId);
  }
}
