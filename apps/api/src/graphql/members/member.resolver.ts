import { Args, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Actor } from '#core';
import {
  MemberDirectory,
  MembersService,
  type MemberView,
  type PersonalField,
} from '#domain/members';
import { selects } from '../common/look-ahead.js';
import { PageArgs, pagedComplexity, toPageRequest } from '../common/page.args.js';
import { UuidScalar } from '../common/uuid.scalar.js';
import type { Loaders as RequestLoaders } from '../loaders.js';
import { CommunityModel, UnitModel } from '../organisation/organisation.model.js';
import { Authenticated, RequireRoles } from '../policy/policy.decorator.js';
import { CurrentActor, Loaders } from '../policy/current-actor.decorator.js';
import { MemberFilterInput, RegisterMemberInput, UpdateMemberInput } from './member.input.js';
import { MemberModel, MemberPage } from './member.model.js';

const PERSONAL_FIELDS: readonly PersonalField[] = ['phone', 'idNumber'];

@Resolver(() => MemberModel)
export class MemberResolver {
  constructor(
    private readonly membersService: MembersService,
    private readonly directory: MemberDirectory,
  ) {}

  @Query(() => MemberModel)
  @Authenticated()
  member(@CurrentActor() actor: Actor, @Args('id', { type: () => UuidScalar }) id: string) {
    return this.directory.member(actor, id);
  }

  @Query(() => MemberPage, { complexity: pagedComplexity })
  @Authenticated()
  members(
    @CurrentActor() actor: Actor,
    @Args() page: PageArgs,
    @Args('filter', { type: () => MemberFilterInput, nullable: true })
    filter: MemberFilterInput | null,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.directory.members(actor, filter ?? {}, toPageRequest(page), {
      withTotal: selects(info, ['totalCount']),
      revealing: PERSONAL_FIELDS.filter((field) => selects(info, ['items', field])),
    });
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
  phone(@Parent() member: MemberView, @Loaders() loaders: RequestLoaders) {
    return loaders.personalData.load({ member, field: 'phone' });
  }

  @ResolveField(() => String, { description: 'Masked unless your scope covers this member.' })
  @Authenticated()
  idNumber(@Parent() member: MemberView, @Loaders() loaders: RequestLoaders) {
    return loaders.personalData.load({ member, field: 'idNumber' });
  }

  @ResolveField(() => CommunityModel, { nullable: true })
  @Authenticated()
  residenceCommunity(@Parent() member: MemberModel, @Loaders() loaders: RequestLoaders) {
    return member.residenceCommunityId ? loaders.community.load(member.residenceCommunityId) : null;
  }

  @ResolveField(() => UnitModel, { nullable: true })
  @Authenticated()
  unit(@Parent() member: MemberModel, @Loaders() loaders: RequestLoaders) {
    return member.unitId ? loaders.unit.load(member.unitId) : null;
  }
}
