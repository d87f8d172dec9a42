import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestLoaders } from '../common/loaders.js';
import { Authenticated } from '../policy/policy.decorator.js';
import { Loaders } from '../policy/current-actor.decorator.js';
import { TaskModel } from '../tasks/task.model.js';
import { DemandModel } from './demand.model.js';
import { DemandsLoaders } from './demands.loaders.js';

@Resolver(() => TaskModel)
export class TaskDemandResolver {
  constructor(private readonly loaders: DemandsLoaders) {}

  @ResolveField(() => DemandModel, {
    nullable: true,
    description: 'The demand the task answers; null when none, or when you may not see demands.',
  })
  @Authenticated()
  demand(@Parent() task: TaskModel, @Loaders() loaders: RequestLoaders) {
    return task.demandId ? this.loaders.of(loaders).demand.load(task.demandId) : null;
  }
}

@Resolver(() => DemandModel)
export class DemandMergedIntoResolver {
  constructor(private readonly loaders: DemandsLoaders) {}

  @ResolveField(() => DemandModel, { nullable: true })
  @Authenticated()
  mergedInto(@Parent() demand: DemandModel, @Loaders() loaders: RequestLoaders) {
    return demand.mergedIntoId ? this.loaders.of(loaders).demand.load(demand.mergedIntoId) : null;
  }
}
