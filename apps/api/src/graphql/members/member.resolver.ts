import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import { MembersService } from '#domain/members';
import { PageArgs, pagedComplexity, toPageRequest } from '../common/page.args.js';
import { UuidScalar } from '../common/uuid.scalar.js';
import type { Loaders as RequestLoaders } from '../loaders.js';
import { CommunityModel, CourtyardModel, UnitModel } from '../organisation/organisation.model.js';
import { Authenticated, RequireRoles } from '../policy/policy.decorator.js';
import { CurrentActor, Loaders } from '../policy/current-actor.decorator.js';
import { MemberFilterInput, RegisterMemberInput, UpdateMemberInput } from './member.input.js';
import { MemberModel, MemberPage } from './member.model.js';

@Resolver(() => MemberModel)
export class MemberResolver {
  constructor(private readonly membersService: MembersService) {}

  @Query(() => MemberModel)
  @Authenticated()
  member(@CurrentActor() actor: Actor, @Args('id', { type: () => UuidScalar }) id: string) {
    return this.membersService.member(actor, id);
  }

  @Query(() => MemberPage, { complexity: pagedComplexity })
  @Authenticated()
  members(
    @CurrentActor() actor: Actor,
    @Args() page: PageArgs,
    @Args('filter', { type: () => MemberFilterInput, nullable: true })
    filter: MemberFilterInput | null,
  ) {
    return this.membersService.members(actor, filter ?? {}, toPageRequest(page));
  }

  @Mutation(() => MemberModel)
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'UNIT_HR')
  registerMember(@CurrentActor() actor: Actor, @Args('input') input: RegisterMemberInput) {
    return this.membersService.register(actor, input);
  }

  @Mutation(() => MemberModel)
  @Authenticated()
  updateMember(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => UuidScalar }) id: string,
    @Args('input') input: UpdateMemberInput,
  ) {
    return this.membersService.update(actor, id, input);
  }

  @ResolveField(() => String, {
    description: 'Masked (138****5678) unless your scope covers this member.',
  })
  @Authenticated()
  async phone(@Parent() member: MemberModel, @Loaders() loaders: RequestLoaders) {
    return (await loaders.personalData.load(member.id))?.phone ?? '';
  }

  @ResolveField(() => String, { description: 'Masked unless your scope covers this member.' })
  @Authenticated()
  async idNumber(@Parent() member: MemberModel, @Loaders() loaders: RequestLoaders) {
    return (await loaders.personalData.load(member.id))?.idNumber ?? '';
  }

  @ResolveField(() => CommunityModel, { nullable: true })
  @Authenticated()
  residenceCommunity(@Parent() member: MemberModel, @Loaders() loaders: RequestLoaders) {
    return member.residenceCommunityId ? loaders.community.load(member.residenceCommunityId) : null;
  }

  @ResolveField(() => CourtyardModel, { nullable: true })
  @Authenticated()
  residenceCourtyard(@Parent() member: MemberModel, @Loaders() loaders: RequestLoaders) {
    return member.residenceCourtyardId ? loaders.courtyard.load(member.residenceCourtyardId) : null;
  }

  @ResolveField(() => UnitModel, { nullable: true })
  @Authenticated()
  unit(@Parent() member: MemberModel, @Loaders() loaders: RequestLoaders) {
    return member.unitId ? loaders.unit.load(member.unitId) : null;
  }
}
