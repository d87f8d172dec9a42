import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import {
  DispatchQueries,
  DispatchService,
  OffersService,
  type OfferStatus,
} from '#domain/dispatch';
import { OfferStatusEnum } from '../common/enums.js';
import { ID_ARG } from '../common/uuid.scalar.js';
import { RequireRoles } from '../policy/policy.decorator.js';
import { CurrentActor } from '../policy/current-actor.decorator.js';
import { TaskModel } from '../tasks/task.model.js';
import { toOfferModel } from './dispatch.mapping.js';
import { TaskAssignmentModel, TaskOfferModel } from './dispatch.model.js';

/** Dispatch: the committee sends tasks out; members answer offers and claim open tasks. */
@Resolver()
export class DispatchResolver {
  constructor(
    private readonly dispatch: DispatchService,
    private readonly offers: OffersService,
    private readonly queries: DispatchQueries,
  ) {}

  @Mutation(() => TaskModel, { description: 'Sends a draft task out (派单): DRAFT → DISPATCHING.' })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  publishTask(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.dispatch.publish(actor, id);
  }

  @Mutation(() => TaskModel, {
    description: 'Cancels a task: open offers are withdrawn and booked members released.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  cancelTask(
    @CurrentActor() actor: Actor,
    @Args('id', ID_ARG) id: string,
    @Args('reason') reason: string,
  ) {
    return this.dispatch.cancel(actor, id, reason);
  }

  @Mutation(() => TaskModel, {
    description: 'A new dispatch round for an UNFILLED task or one stuck dispatching.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  redispatchTask(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.dispatch.redispatch(actor, id);
  }

  @Mutation(() => TaskAssignmentModel, {
    description: 'Records that a booked member did not come (after the start).',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  recordNoShow(@CurrentActor() actor: Actor, @Args('assignmentId', ID_ARG) assignmentId: string) {
    return this.dispatch.recordNoShow(actor, assignmentId);
  }

  @Query(() => [TaskModel], {
    description: 'The community’s tasks nobody filled (UNFILLED) or escalated while dispatching.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  unfilledTasks(@CurrentActor() actor: Actor, @Args('communityId', ID_ARG) communityId: string) {
    return this.queries.unfilledTasks(actor, communityId);
  }

  @Query(() => [TaskModel], {
    description:
      'Escalated tasks at the courtyard your party group covers: nobody was left to ask.',
  })
  @RequireRoles('GROUP_LEADER')
  escalations(@CurrentActor() actor: Actor) {
    return this.queries.escalations(actor);
  }

  @Query(() => [TaskOfferModel], { description: 'Your offers, newest first.' })
  @RequireRoles('MEMBER')
  async myOffers(
    @CurrentActor() actor: Actor,
    @Args('status', { type: () => OfferStatusEnum, nullable: true }) status?: OfferStatus | null,
  ) {
    return (await this.queries.myOffers(actor, status)).map(toOfferModel);
  }

  @Mutation(() => TaskAssignmentModel, {
    description:
      'Accepts your offer; TASK_FULL when its slots went first, MEMBER_BUSY when you are booked then.',
  })
  @RequireRoles('MEMBER')
  acceptOffer(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.offers.accept(actor, id);
  }

  @Mutation(() => TaskOfferModel, { description: 'Declines your offer; the next member is asked.' })
  @RequireRoles('MEMBER')
  async declineOffer(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return toOfferModel(await this.offers.decline(actor, id));
  }

  @Query(() => [TaskAssignmentModel], { description: 'Your bookings, newest first.' })
  @RequireRoles('MEMBER')
  myAssignments(@CurrentActor() actor: Actor) {
    return this.queries.myAssignments(actor);
  }

  @Mutation(() => TaskAssignmentModel, {
    description: 'Leaves a task you accepted, before it starts; the slot opens again.',
  })
  @RequireRoles('MEMBER')
  withdrawAssignment(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.offers.withdraw(actor, id);
  }

  @Query(() => [TaskModel], {
    description: 'Tasks being dispatched that you may claim (领单), soonest first.',
  })
  @RequireRoles('MEMBER')
  openTasks(@CurrentActor() actor: Actor) {
    return this.queries.openTasks(actor);
  }

  @Mutation(() => TaskAssignmentModel, {
    description: 'Claims an open task (领单); TASK_FULL when its slots went first.',
  })
  @RequireRoles('MEMBER')
  claimTask(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.offers.claim(actor, id);
  }
}
