import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import { ShiftsService, ShiftSwapQueries } from '#domain/posts';
import { ID_ARG } from '../common/uuid.scalar.js';
import { CurrentActor } from '../policy/current-actor.decorator.js';
import { RequireRoles } from '../policy/policy.decorator.js';
import { RequestShiftSwapInput } from './posts.input.js';
import { FellowClaimantModel, ShiftSwapModel, ShiftSwapRequestModel } from './shifts.model.js';

/** A member's own shifts changing hands: released, or swapped with a fellow claimant. */
@Resolver()
export class ShiftsResolver {
  constructor(
    private readonly service: ShiftsService,
    private readonly queries: ShiftSwapQueries,
  ) {}

  @Query(() => [ShiftSwapRequestModel], {
    description: 'Your open swap requests, asked and received, soonest shift first.',
  })
  @RequireRoles('MEMBER')
  myShiftSwaps(@CurrentActor() actor: Actor) {
    return this.queries.mySwaps(actor);
  }

  @Query(() => [FellowClaimantModel], {
    description: 'Fellow claimants of the post who could take your booked shift over.',
  })
  @RequireRoles('MEMBER')
  shiftSwapCandidates(@CurrentActor() actor: Actor, @Args('shiftId', ID_ARG) shiftId: string) {
    return this.queries.candidates(actor, shiftId);
  }

  @Mutation(() => Boolean, {
    description:
      'Gives your booked shift back: the post’s other claimants first, else it goes out through dispatch.',
  })
  @RequireRoles('MEMBER')
  async releaseShift(@CurrentActor() actor: Actor, @Args('shiftId', ID_ARG) shiftId: string) {
    await this.service.release(actor, shiftId);
    return true;
  }

  @Mutation(() => ShiftSwapModel, {
    description:
      'Asks a fellow claimant to take your shift over; you stay booked until they accept.',
  })
  @RequireRoles('MEMBER')
  requestShiftSwap(@CurrentActor() actor: Actor, @Args('input') input: RequestShiftSwapInput) {
    return this.service.requestSwap(actor, input);
  }

  @Mutation(() => ShiftSwapModel, {
    description: 'Answers a swap asked of you; accepting books you on the shift instead.',
  })
  @RequireRoles('MEMBER')
  answerShiftSwap(
    @CurrentActor() actor: Actor,
    @Args('id', ID_ARG) id: string,
    @Args('accept') accept: boolean,
  ) {
    return this.service.answerSwap(actor, id, accept);
  }

  @Mutation(() => ShiftSwapModel, { description: 'Withdraws your swap request not yet answered.' })
  @RequireRoles('MEMBER')
  cancelShiftSwap(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.service.cancelSwap(actor, id);
  }
}
