import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import { CommunityOverviewService } from '#domain/overview';
import { ID_ARG } from '../common/uuid.scalar.js';
import { RequireRoles } from '../policy/policy.decorator.js';
import { CurrentActor } from '../policy/current-actor.decorator.js';
import { CommunityOverviewModel } from './community-overview.model.js';

@Resolver()
export class CommunityOverviewResolver {
  constructor(private readonly overview: CommunityOverviewService) {}

  @Query(() => CommunityOverviewModel)
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  communityOverview(
    @CurrentActor() actor: Actor,
    @Args('communityId', ID_ARG) communityId: string,
  ) {
    return this.overview.overview(actor, communityId);
  }
}
