import { Info, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { GroupAssignment } from '#domain/branches';
import { revealing } from '../common/look-ahead.js';
import type { Loaders as RequestLoaders } from '../loaders.js';
import { MemberModel } from '../members/member.model.js';
import { Authenticated } from '../policy/policy.decorator.js';
import { Loaders } from '../policy/current-actor.decorator.js';
import { GroupAssignmentModel, PartyGroupModel, TeamModel } from './branches.model.js';

/** The objects an assignment points at, each through a per-request loader. */
@Resolver(() => GroupAssignmentModel)
export class GroupAssignmentResolver {
  @ResolveField(() => MemberModel, {
    nullable: true,
    description: 'Null when the member is outside your scope (e.g. a former member of your group).',
  })
  @Authenticated()
  member(
    @Parent() assignment: GroupAssignment,
    @Loaders() loaders: RequestLoaders,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loaders.member(revealing(info, [])).load(assignment.memberId);
  }

  @ResolveField(() => PartyGroupModel, { nullable: true })
  @Authenticated()
  partyGroup(@Parent() assignment: GroupAssignment, @Loaders() loaders: RequestLoaders) {
    return assignment.partyGroupId ? loaders.partyGroup.load(assignment.partyGroupId) : null;
  }

  @ResolveField(() => TeamModel, { nullable: true })
  @Authenticated()
  team(@Parent() assignment: GroupAssignment, @Loaders() loaders: RequestLoaders) {
    return assignment.teamId ? loaders.team.load(assignment.teamId) : null;
  }
}
