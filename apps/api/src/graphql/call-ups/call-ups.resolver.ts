import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import { CallUpQueries, CallUpsService, type RollCallState } from '#domain/call-ups';
import { RollCallStateEnum } from '../common/enums.js';
import { PageArgs, pagedComplexity, toPageRequest } from '../common/page.args.js';
import { ID_ARG } from '../common/uuid.scalar.js';
import { CurrentActor } from '../policy/current-actor.decorator.js';
import { RequireRoles } from '../policy/policy.decorator.js';
import { AnswerCallUpInput, CallUpInput } from './call-ups.input.js';
import {
  CallUpModel,
  CallUpPage,
  MyCallUpModel,
  RollCallEntryPage,
  RollCallModel,
} from './call-ups.model.js';

/** Emergency call-ups: the committee calls members up and follows the roll-call; members answer. */
@Resolver()
export class CallUpsResolver {
  constructor(
    private readonly service: CallUpsService,
    private readonly queries: CallUpQueries,
  ) {}

  @Query(() => CallUpPage, {
    complexity: pagedComplexity,
    description: 'A community’s call-ups, newest first, with their counts.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  callUps(
    @CurrentActor() actor: Actor,
    @Args('communityId', ID_ARG) communityId: string,
    @Args() page: PageArgs,
  ) {
    return this.queries.callUps(actor, communityId, toPageRequest(page));
  }

  @Query(() => RollCallModel, {
    description: 'A call-up’s roll-call: counts overall, by unit and by party group.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  rollCall(@CurrentActor() actor: Actor, @Args('callUpId', ID_ARG) callUpId: string) {
    return this.queries.rollCall(actor, callUpId);
  }

  @Query(() => RollCallEntryPage, {
    complexity: pagedComplexity,
    description: 'Who was called and what they answered; the available by arrival time.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  rollCallEntries(
    @CurrentActor() actor: Actor,
    @Args('callUpId', ID_ARG) callUpId: string,
    @Args('state', { type: () => RollCallStateEnum, nullable: true }) state: RollCallState | null,
    @Args() page: PageArgs,
  ) {
    return this.queries.entries(actor, callUpId, state ?? null, toPageRequest(page));
  }

  @Query(() => [MyCallUpModel], {
    description: 'The call-ups you were called to: open ones first.',
  })
  @RequireRoles('MEMBER')
  myCallUps(@CurrentActor() actor: Actor) {
    return this.queries.mine(actor);
  }

  @Mutation(() => [CallUpModel], {
    description:
      'Calls up the members of one or more communities; their messages go out at once (audited).',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  callUp(@CurrentActor() actor: Actor, @Args('input') input: CallUpInput) {
    return this.service.callUp(actor, input);
  }

  @Mutation(() => MyCallUpModel, {
    description: 'Answers a call-up; answering again replaces your answer while it is open.',
  })
  @RequireRoles('MEMBER')
  answerCallUp(@CurrentActor() actor: Actor, @Args('input') input: AnswerCallUpInput) {
    return this.service.answer(actor, input);
  }

  @Mutation(() => CallUpModel, {
    description: 'Closes a call-up: its roll-call is frozen and no reminder goes out (audited).',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  closeCallUp(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.service.close(actor, id);
  }
}
