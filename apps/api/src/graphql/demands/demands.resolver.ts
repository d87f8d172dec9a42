import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import { DemandQueries, DemandsService } from '#domain/demands';
import { pagedComplexity, toPageRequest } from '../common/page.args.js';
import { ID_ARG } from '../common/uuid.scalar.js';
import { RequireRoles } from '../policy/policy.decorator.js';
import { CurrentActor } from '../policy/current-actor.decorator.js';
import { DemandFilterArgs, DemandTaskInput, RecordDemandInput } from './demand.input.js';
import { DemandModel, DemandPage } from './demand.model.js';

@Resolver(() => DemandModel)
export class DemandsResolver {
  constructor(
    private readonly demandsService: DemandsService,
    private readonly queries: DemandQueries,
  ) {}

  @Query(() => DemandModel)
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'GROUP_LEADER')
  demand(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.queries.demand(actor, id);
  }

  @Query(() => DemandPage, {
    complexity: pagedComplexity,
    description:
      'Demands you may see, newest first: a committee its community’s, a group leader its courtyard’s.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'GROUP_LEADER')
  demands(@CurrentActor() actor: Actor, @Args() args: DemandFilterArgs) {
    return this.queries.demands(actor, args, toPageRequest(args));
  }

  @Mutation(() => DemandModel, { description: 'Records a resident’s request (点单), OPEN.' })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  recordDemand(@CurrentActor() actor: Actor, @Args('input') input: RecordDemandInput) {
    return this.demandsService.record(actor, input);
  }

  @Mutation(() => DemandModel, {
    description: 'Accepts an open demand into 1 to 20 draft tasks, all in one transaction.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  acceptDemand(
    @CurrentActor() actor: Actor,
    @Args('id', ID_ARG) id: string,
    @Args('tasks', { type: () => [DemandTaskInput] }) tasks: DemandTaskInput[],
  ) {
    return this.demandsService.accept(actor, id, tasks);
  }

  @Mutation(() => DemandModel)
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  rejectDemand(
    @CurrentActor() actor: Actor,
    @Args('id', ID_ARG) id: string,
    @Args('reason') reason: string,
  ) {
    return this.demandsService.reject(actor, id, reason);
  }

  @Mutation(() => DemandModel, {
    description: 'Merges an open demand into another of the same community that still stands.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  mergeDemand(
    @CurrentActor() actor: Actor,
    @Args('id', ID_ARG) id: string,
    @Args('intoId', ID_ARG) intoId: string,
  ) {
    return this.demandsService.merge(actor, id, intoId);
  }
}
