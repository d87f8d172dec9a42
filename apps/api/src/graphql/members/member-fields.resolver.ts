import { Args, Info, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { AccountModel, memberIdOf, RoleGrantModel } from '../auth/auth.model.js';
import { GroupAssignmentModel, ProposedSquadModel } from '../branches/branches.model.js';
import { loadPresent, type RequestLoaders } from '../common/loaders.js';
import { TaskAssignmentModel, TaskOfferModel } from '../dispatch/dispatch.model.js';
import { revealing } from '../common/look-ahead.js';
import { PageArgs, pagedComplexity, toPageRequest } from '../common/page.args.js';
import { CommunityModel, UnitModel } from '../organisation/organisation.model.js';
import { Authenticated } from '../policy/policy.decorator.js';
import { Loaders } from '../policy/current-actor.decorator.js';
import { SecondmentModel } from '../secondment/secondment.model.js';
import { MemberLoaders } from './member.loaders.js';
import { MemberModel, MemberPage } from './member.model.js';

/*
 * The members other records point at, each through this feature's loaders,
 * which read in the actor's scope and decrypt only the personal fields the
 * client asked for (`revealing`).
 */

@Resolver(() => CommunityModel)
export class CommunityMembersResolver {
  constructor(private readonly loaders: MemberLoaders) {}

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
    return this.loaders.of(loaders).membersOfCommunity.load({
      parentId: community.id,
      page: toPageRequest(page),
      revealing: revealing(info, ['items']),
    });
  }
}

@Resolver(() => UnitModel)
export class UnitMembersResolver {
  constructor(private readonly loaders: MemberLoaders) {}

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
    return this.loaders.of(loaders).membersOfUnit.load({
      parentId: unit.id,
      page: toPageRequest(page),
      revealing: revealing(info, ['items']),
    });
  }
}

@Resolver(() => GroupAssignmentModel)
export class AssignmentMemberResolver {
  constructor(private readonly loaders: MemberLoaders) {}

  @ResolveField(() => MemberModel, {
    nullable: true,
    description: 'Null when the member is outside your scope (e.g. a former member of your group).',
  })
  @Authenticated()
  member(
    @Parent() assignment: GroupAssignmentModel,
    @Loaders() loaders: RequestLoaders,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.loaders.of(loaders).member(revealing(info, [])).load(assignment.memberId);
  }
}

@Resolver(() => SecondmentModel)
export class SecondmentMemberResolver {
  constructor(private readonly loaders: MemberLoaders) {}

  @ResolveField(() => MemberModel, {
    nullable: true,
    description: 'Null when the member is outside your scope.',
  })
  @Authenticated()
  member(
    @Parent() secondment: SecondmentModel,
    @Loaders() loaders: RequestLoaders,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.loaders.of(loaders).member(revealing(info, [])).load(secondment.memberId);
  }
}

@Resolver(() => AccountModel)
export class AccountMemberResolver {
  constructor(private readonly loaders: MemberLoaders) {}

  @ResolveField(() => MemberModel, {
    nullable: true,
    description: 'The party member this account signs in as.',
  })
  @Authenticated()
  member(
    @Parent() account: AccountModel,
    @Loaders() loaders: RequestLoaders,
    @Info() info: GraphQLResolveInfo,
  ) {
    const memberId = memberIdOf(account);
    return memberId ? this.loaders.of(loaders).member(revealing(info, [])).load(memberId) : null;
  }
}

@Resolver(() => RoleGrantModel)
export class RoleGrantMemberResolver {
  constructor(private readonly loaders: MemberLoaders) {}

  @ResolveField(() => MemberModel, {
    nullable: true,
    description:
      'The member a MEMBER grant signs in as; null for other roles or outside your scope.',
  })
  @Authenticated()
  member(
    @Parent() grant: RoleGrantModel,
    @Loaders() loaders: RequestLoaders,
    @Info() info: GraphQLResolveInfo,
  ) {
    const id = grant.memberId;
    return id ? this.loaders.of(loaders).member(revealing(info, [])).load(id) : null;
  }
}

@Resolver(() => ProposedSquadModel)
export class ProposedSquadMembersResolver {
  constructor(private readonly loaders: MemberLoaders) {}

  @ResolveField(() => [MemberModel], {
    description: 'The members of memberIds that you may see, in no particular order.',
  })
  @Authenticated()
  members(
    @Parent() squad: ProposedSquadModel,
    @Loaders() loaders: RequestLoaders,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loadPresent(this.loaders.of(loaders).member(revealing(info, [])), squad.memberIds);
  }
}

@Resolver(() => TaskOfferModel)
export class OfferMemberResolver {
  constructor(private readonly loaders: MemberLoaders) {}

  @ResolveField(() => MemberModel, {
    nullable: true,
    description: 'The member offered the task; null when outside your scope.',
  })
  @Authenticated()
  member(
    @Parent() offer: TaskOfferModel,
    @Loaders() loaders: RequestLoaders,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.loaders.of(loaders).member(revealing(info, [])).load(offer.memberId);
  }
}

@Resolver(() => TaskAssignmentModel)
export class TaskAssignmentMemberResolver {
  constructor(private readonly loaders: MemberLoaders) {}

  @ResolveField(() => MemberModel, {
    nullable: true,
    description: 'The member booked; null when outside your scope.',
  })
  @Authenticated()
  member(
    @Parent() assignment: TaskAssignmentModel,
    @Loaders() loaders: RequestLoaders,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.loaders.of(loaders).member(revealing(info, [])).load(assignment.memberId);
  }
}

/** The field resolvers above, for the feature's module. */
export const MEMBER_FIELD_RESOLVERS = [
  CommunityMembersResolver,
  UnitMembersResolver,
  AssignmentMemberResolver,
  SecondmentMemberResolver,
  AccountMemberResolver,
  RoleGrantMemberResolver,
  ProposedSquadMembersResolver,
  OfferMemberResolver,
  TaskAssignmentMemberResolver,
];
