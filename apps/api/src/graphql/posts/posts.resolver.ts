import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import { PostQueries, PostsService } from '#domain/posts';
import { ID_ARG } from '../common/uuid.scalar.js';
import { CurrentActor } from '../policy/current-actor.decorator.js';
import { RequireRoles } from '../policy/policy.decorator.js';
import { ClaimPostInput, CreatePostInput } from './posts.input.js';
import { PostClaimModel, PostModel, ShiftCoverageModel, ShiftModel } from './posts.model.js';

/** Duty posts (岗位): the committee sets them up and watches coverage; members claim them. */
@Resolver()
export class PostsResolver {
  constructor(
    private readonly service: PostsService,
    private readonly queries: PostQueries,
  ) {}

  @Query(() => [PostModel], { description: 'A community’s posts, active first.' })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'MEMBER')
  posts(@CurrentActor() actor: Actor, @Args('communityId', ID_ARG) communityId: string) {
    return this.queries.posts(actor, communityId);
  }

  @Query(() => [ShiftCoverageModel], {
    description: 'Every shift of the coming weeks with who is booked: open places first.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  postCoverage(
    @CurrentActor() actor: Actor,
    @Args('communityId', ID_ARG) communityId: string,
    @Args('weeks', { type: () => Int, defaultValue: 4, description: '1 to 8.' }) weeks: number,
  ) {
    return this.queries.coverage(actor, communityId, weeks);
  }

  @Query(() => [PostClaimModel], {
    description: 'Who claimed the post, and what they committed to.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  postClaims(@CurrentActor() actor: Actor, @Args('postId', ID_ARG) postId: string) {
    return this.queries.claimsOf(actor, postId);
  }

  @Query(() => [ShiftModel], { description: 'Your shifts to come, soonest first.' })
  @RequireRoles('MEMBER')
  myShifts(@CurrentActor() actor: Actor) {
    return this.queries.myShifts(actor);
  }

  @Query(() => [PostClaimModel], { description: 'Your claims, active first.' })
  @RequireRoles('MEMBER')
  myPostClaims(@CurrentActor() actor: Actor) {
    return this.queries.myClaims(actor);
  }

  @Mutation(() => PostModel, { description: 'Sets up a post; its shifts are planned at once.' })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  createPost(@CurrentActor() actor: Actor, @Args('input') input: CreatePostInput) {
    return this.service.create(actor, input);
  }

  @Mutation(() => PostModel, {
    description: 'Retires a post: its shifts to come are cancelled and their members freed.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  retirePost(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.service.retire(actor, id);
  }

  @Mutation(() => PostClaimModel, {
    description: 'Claims a post (认领) with your commitment; you are booked onto its shifts.',
  })
  @RequireRoles('MEMBER')
  claimPost(@CurrentActor() actor: Actor, @Args('input') input: ClaimPostInput) {
    return this.service.claim(actor, input);
  }

  @Mutation(() => PostClaimModel, {
    description: 'Ends your claim: your shifts to come are freed for the other claimants.',
  })
  @RequireRoles('MEMBER')
  endPostClaim(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.service.endClaim(actor, id);
  }
}
