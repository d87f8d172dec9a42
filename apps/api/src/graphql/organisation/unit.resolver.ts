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
import { CreateUnitInput } from './organisation.input.js';
import { CommunityModel, PairingModel, UnitModel, UnitPage } from './organisation.model.js';

@Resolver(() => UnitModel)
export class UnitResolver {
  constructor(private readonly organisation: OrganisationService) {}

  @Query(() => UnitModel)
  @Authenticated()
  unit(@CurrentActor() actor: Actor, @Args('id', { type: () => UuidScalar }) id: string) {
    return this.organisation.unit(actor, id);
  }

  @Query(() => UnitPage, { complexity: pagedComplexity })
  @Authenticated()
  units(@CurrentActor() actor: Actor, @Args() page: PageArgs) {
    return this.organisation.units(actor, toPageRequest(page));
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
    @Args('id', { type: () => UuidScalar }) id: string,
    @Args('name') name: string,
  ) {
    return this.organisation.renameUnit(actor, id, name);
  }

  @ResolveField(() => [CommunityModel], {
    description: 'Communities this unit is currently paired with that you may see.',
  })
  @Authenticated()
  async pairedCommunities(@Parent() unit: UnitModel, @Loaders() loaders: RequestLoaders) {
    const pairings = await loaders.pairingsOfUnit.load(unit.id);
    const ids = pairings.filter((p) => p.endedAt === null).map((p) => p.communityId);
    return loadPresent(loaders.community, ids);
  }

  @ResolveField(() => [PairingModel], {
    description:
      'Pairings of this unit, current and ended, newest first; ended ones only for the unit and the community.',
  })
  @Authenticated()
  pairings(@Parent() unit: UnitModel, @Loaders() loaders: RequestLoaders) {
    return loaders.pairingsOfUnit.load(unit.id);
  }

  @ResolveField(() => MemberPage, {
    complexity: pagedComplexity,
    description: 'Members of this unit that you may see.',
  })
  @Authenticated()
  members(
    @Parent() unit: UnitModel,
    @Args() page: PageArgs,
    @Loaders() loaders: RequestLoaders,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loaders.membersOfUnit.load({
      parentId: unit.id,
      page: toPageRequest(page),
      revealing: revealing(info, ['items']),
    });
  }
}
