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

const ID = { type: () => UuidScalar };

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

  @Mutation(() => CourtyardModel)
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  renameCourtyard(
    @CurrentActor() actor: Actor,
    @Args('id', ID) id: string,
    @Args('name') name: string,
  ) {
    return this.organisation.renameCourtyard(actor, id, name);
  }

  @Mutation(() => PairingModel, { description: 'Pairs a unit, or reopens an ended pairing.' })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  pairUnit(@CurrentActor() actor: Actor, @Args('input') input: PairUnitInput) {
    return this.organisation.pairUnit(actor, input);
  }

  @Mutation(() => PairingModel, {
    description:
      'Ends a pairing and keeps it as history; refused while it has open rotation batches or members of the unit serving or pending here.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  endPairing(
    @CurrentActor() actor: Actor,
    @Args('unitId', ID) unitId: string,
    @Args('communityId', ID) communityId: string,
  ) {
    return this.organisation.endPairing(actor, { unitId, communityId });
  }

  @ResolveField(() => [CourtyardModel])
  @Authenticated()
  courtyards(@Parent() community: CommunityModel, @Loaders() loaders: RequestLoaders) {
    return loaders.courtyardsOfCommunity.load(community.id);
  }

  @ResolveField(() => [UnitModel], {
    description: 'Units currently paired with this community that you may see.',
  })
  @Authenticated()
  async pairedUnits(@Parent() community: CommunityModel, @Loaders() loaders: RequestLoaders) {
    const pairings = await loaders.pairingsOfCommunity.load(community.id);
    const ids = pairings.filter((p) => p.endedAt === null).map((p) => p.unitId);
    return loadPresent(loaders.unit, ids);
  }

  @ResolveField(() => [PairingModel], {
    description:
      'Pairings of this community, current and ended, newest first; ended ones only for the community and the unit.',
  })
  @Authenticated()
  pairings(@Parent() community: CommunityModel, @Loaders() loaders: RequestLoaders) {
    return loaders.pairingsOfCommunity.load(community.id);
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
