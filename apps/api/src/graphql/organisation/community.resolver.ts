import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import { OrganisationQueries, OrganisationService, PairingsService } from '#domain/organisation';
import { loadPresent, type RequestLoaders } from '../common/loaders.js';
import { PageArgs, pagedComplexity, toPageRequest } from '../common/page.args.js';
import { ID_ARG } from '../common/uuid.scalar.js';
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
import { OrganisationLoaders } from './organisation.loaders.js';

@Resolver(() => CommunityModel)
export class CommunityResolver {
  constructor(
    private readonly organisation: OrganisationService,
    private readonly pairingsService: PairingsService,
    private readonly queries: OrganisationQueries,
    private readonly loaders: OrganisationLoaders,
  ) {}

  @Query(() => CommunityModel)
  @Authenticated()
  community(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.queries.community(actor, id);
  }

  @Query(() => CommunityPage, { complexity: pagedComplexity })
  @Authenticated()
  communities(@CurrentActor() actor: Actor, @Args() page: PageArgs) {
    return this.queries.communities(actor, toPageRequest(page));
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
    @Args('id', ID_ARG) id: string,
    @Args('name') name: string,
  ) {
    return this.organisation.renameCourtyard(actor, id, name);
  }

  @Mutation(() => PairingModel, { description: 'Pairs a unit, or reopens an ended pairing.' })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  pairUnit(@CurrentActor() actor: Actor, @Args('input') input: PairUnitInput) {
    return this.pairingsService.pairUnit(actor, input);
  }

  @ResolveField(() => [CourtyardModel])
  @Authenticated()
  courtyards(@Parent() community: CommunityModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).courtyardsOfCommunity.load(community.id);
  }

  @ResolveField(() => [UnitModel], {
    description: 'Units currently paired with this community that you may see.',
  })
  @Authenticated()
  async pairedUnits(@Parent() community: CommunityModel, @Loaders() loaders: RequestLoaders) {
    const { pairingsOfCommunity, unit } = this.loaders.of(loaders);
    const pairings = await pairingsOfCommunity.load(community.id);
    const ids = pairings.filter((p) => p.endedAt === null).map((p) => p.unitId);
    return loadPresent(unit, ids);
  }

  @ResolveField(() => [PairingModel], {
    description:
      'Pairings of this community, current and ended, newest first; ended ones only for the community and the unit.',
  })
  @Authenticated()
  pairings(@Parent() community: CommunityModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).pairingsOfCommunity.load(community.id);
  }
}
