import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import { PointsQueries, RewardsService } from '#domain/points';
import { PageArgs, pagedComplexity, toPageRequest } from '../common/page.args.js';
import { ID_ARG } from '../common/uuid.scalar.js';
import { CurrentActor } from '../policy/current-actor.decorator.js';
import { RequireRoles } from '../policy/policy.decorator.js';
import { PointsRuleInput, RewardInput } from './points.input.js';
import {
  PointsBalanceModel,
  PointsEntryPage,
  PointsRuleModel,
  RedemptionModel,
  RewardModel,
} from './points.model.js';

/** Points (积分): a member's balances and ledger, the community's rule and rewards. */
@Resolver()
export class PointsResolver {
  constructor(
    private readonly queries: PointsQueries,
    private readonly shop: RewardsService,
  ) {}

  @Query(() => [PointsBalanceModel], { description: 'Your balances, per community and ledger.' })
  @RequireRoles('MEMBER')
  myPoints(@CurrentActor() actor: Actor) {
    return this.queries.balances(actor);
  }

  @Query(() => PointsEntryPage, {
    complexity: pagedComplexity,
    description: 'Your points ledger, newest first.',
  })
  @RequireRoles('MEMBER')
  myPointsEntries(@CurrentActor() actor: Actor, @Args() page: PageArgs) {
    return this.queries.entries(actor, toPageRequest(page));
  }

  @Query(() => PointsRuleModel, { description: 'How the community awards points.' })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'MEMBER')
  pointsRule(@Args('communityId', ID_ARG) communityId: string) {
    return this.queries.rule(communityId);
  }

  @Query(() => [RewardModel], {
    description: 'The community’s rewards on offer today, cheapest first.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'MEMBER')
  rewards(@Args('communityId', ID_ARG) communityId: string) {
    return this.shop.onOffer(communityId);
  }

  @Query(() => [RedemptionModel], {
    description: 'Your redemptions, newest first, with their pickup codes.',
  })
  @RequireRoles('MEMBER')
  myRedemptions(@CurrentActor() actor: Actor) {
    return this.shop.mine(actor);
  }

  @Mutation(() => PointsRuleModel, {
    description: 'Sets the community’s points per hour and daily cap.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  setPointsRule(@CurrentActor() actor: Actor, @Args('input') input: PointsRuleInput) {
    return this.queries.setRule(actor, input);
  }

  @Mutation(() => RewardModel, { description: 'Lists a reward (audited).' })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  createReward(@CurrentActor() actor: Actor, @Args('input') input: RewardInput) {
    return this.shop.create(actor, input);
  }

  @Mutation(() => RedemptionModel, { description: 'Redeems a reward with your community points.' })
  @RequireRoles('MEMBER')
  redeemReward(@CurrentActor() actor: Actor, @Args('rewardId', ID_ARG) rewardId: string) {
    return this.shop.redeem(actor, rewardId);
  }

  @Mutation(() => RedemptionModel, { description: 'Marks a redemption collected (audited).' })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  collectRedemption(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.shop.collect(actor, id);
  }

  @Mutation(() => RedemptionModel, {
    description: 'Cancels a redemption: points and stock return (audited).',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  cancelRedemption(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.shop.cancel(actor, id);
  }
}
