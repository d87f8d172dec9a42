import { Args, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Actor } from '#core';
import { OrganisationService } from '#domain/organisation';
import { revealing } from '../common/look-ahead.js';
import { PageArgs, pagedComplexity, toPageRequest } from '../common/page.args.js';
import { UuidScalar } from '../common/uuid.scalar.js';
import { loadPresent, type Loaders as RequestLoaders } from '../loaders.js';
import { MemberPage } from '../members/member.model.js';
import { Authenticated, RequireRoles } from '../policy/policy.decorator.js';
import { CurrentActor, Loaders } from '../policy/current-actor.decorator.js';
import { CreateCommunityInput, CreateCourtyardInput, PairUnitInput } from './organisation.input.js';
import {
  CommunityModel,
  CommunityPage,
  CourtyardModel,
  PairingModel,
  UnitModel,
} from './organisation.model.js';

@Resolver(() => CommunityModel)
export class CommunityResolver {
  constructor(private readonly organisation: OrganisationService) {}

  @Query(() => CommunityModel)
  @Authenticated()
  community(@CurrentActor() actor: Actor, @Args('id', { type: () => UuidScalar }) id: string) {
    return this.organisation.community(actor, id);
  }

  @Query(() => CommunityPage, { complexity: pagedComplexity })
  @Authenticated()
  communities(@CurrentActor() actor: Actor, @Args() page: PageArgs) {
    return this.organisation.communities(actor, toPageRequest(page));
  }

  @Mutation(() => CommunityModel)
  @RequireRoles('OPERATOR')
  createCommunity(@CurrentActor() actor: Actor, @Args('input') input: CreateCommunityInput) {
    return this.organisation.createCommunity(actor, input);
  }

  @Mutation(() => CourtyardModel)
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  createCourtyard(@CurrentActor() actor: Actor, @Args('input') input: CreateCourtyardInput) {
    return this.organisation.createCourtyard(actor, input);
  }

  @Mutation(() => PairingModel)
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  pairUnit(@CurrentActor() actor: Actor, @Args('input') input: PairUnitInput) {
    return this.organisation.pairUnit(actor, input);
  }

  @ResolveField(() => [CourtyardModel])
  @Authenticated()
  courtyards(@Parent() community: CommunityModel, @Loaders() loaders: RequestLoaders) {
    return loaders.courtyardsOfCommunity.load(community.id);
  }

  @ResolveField(() => [UnitModel], {
    description: 'Units paired with this community that you may see.',
  })
  @Authenticated()
  async pairedUnits(@Parent() community: CommunityModel, @Loaders() loaders: RequestLoaders) {
    const ids = await loaders.pairedUnitIdsOfCommunity.load(community.id);
    return loadPresent(loaders.unit, ids);
  }

  @ResolveField(() => MemberPage, {
    complexity: pagedComplexity,
    description: 'Resident members of this community that you may see.',
  })
  @Authenticated()
  members(
    @Parent() community: CommunityModel,
    @Args() page: PageArgs,
    @Loaders() loaders: RequestLoaders,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loaders.membersOfCommunity.load({
      parentId: community.id,
      page: toPageRequest(page),
      revealing: revealing(info, ['items']),
    });
  }
}
