import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import { OrganisationQueries, OrganisationService } from '#domain/organisation';
import { loadPresent, type RequestLoaders } from '../common/loaders.js';
import { PageArgs, pagedComplexity, toPageRequest } from '../common/page.args.js';
import { ID_ARG } from '../common/uuid.scalar.js';
import { Authenticated, RequireRoles } from '../policy/policy.decorator.js';
import { CurrentActor, Loaders } from '../policy/current-actor.decorator.js';
import { CreateUnitInput } from './organisation.input.js';
import { OrganisationLoaders } from './organisation.loaders.js';
import { CommunityModel, PairingModel, UnitModel, UnitPage } from './organisation.model.js';

@Resolver(() => UnitModel)
export class UnitResolver {
  constructor(
    private readonly organisation: OrganisationService,
    private readonly queries: OrganisationQueries,
    private readonly loaders: OrganisationLoaders,
  ) {}

  @Query(() => UnitModel)
  @Authenticated()
  unit(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.queries.unit(actor, id);
  }

  @Query(() => UnitPage, { complexity: pagedComplexity })
  @Authenticated()
  units(@CurrentActor() actor: Actor, @Args() page: PageArgs) {
    return this.queries.units(actor, toPageRequest(page));
  }

  @Mutation(() => UnitModel)
  @RequireRoles('OPERATOR')
  createUnit(@CurrentActor() actor: Actor, @Args('input') input: CreateUnitInput) {
    return this.organisation.createUnit(actor, input);
  }

  @Mutation(() => UnitModel, { description: "By an operator or the unit's own HR." })
  @RequireRoles('OPERATOR', 'UNIT_HR')
  renameUnit(
    @CurrentActor() actor: Actor,
    @Args('id', ID_ARG) id: string,
    @Args('name') name: string,
  ) {
    return this.organisation.renameUnit(actor, id, name);
  }

  @ResolveField(() => [CommunityModel], {
    description: 'Communities this unit is currently paired with that you may see.',
  })
  @Authenticated()
  async pairedCommunities(@Parent() unit: UnitModel, @Loaders() loaders: RequestLoaders) {
    const { pairingsOfUnit, community } = this.loaders.of(loaders);
    const pairings = await pairingsOfUnit.load(unit.id);
    const ids = pairings.filter((p) => p.endedAt === null).map((p) => p.communityId);
    return loadPresent(community, ids);
  }

  @ResolveField(() => [PairingModel], {
    description:
      'Pairings of this unit, current and ended, newest first; ended ones only for the unit and the community.',
  })
  @Authenticated()
  pairings(@Parent() unit: UnitModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).pairingsOfUnit.load(unit.id);
  }
}
