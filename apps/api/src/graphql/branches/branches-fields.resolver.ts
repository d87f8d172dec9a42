import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AccountModel, memberIdOf, RoleGrantModel } from '../auth/auth.model.js';
import type { RequestLoaders } from '../common/loaders.js';
import { Authenticated } from '../policy/policy.decorator.js';
import { Loaders } from '../policy/current-actor.decorator.js';
import { BranchesLoaders } from './branches.loaders.js';
import {
  GroupAssignmentModel,
  PartyGroupModel,
  TeamModel,
  TemporaryBranchModel,
} from './branches.model.js';

/** The groups and teams an assignment points at, each through this feature's loaders. */
@Resolver(() => GroupAssignmentModel)
export class GroupAssignmentResolver {
  constructor(private readonly loaders: BranchesLoaders) {}

  @ResolveField(() => PartyGroupModel, { nullable: true })
  @Authenticated()
  partyGroup(@Parent() assignment: GroupAssignmentModel, @Loaders() loaders: RequestLoaders) {
    const id = assignment.partyGroupId;
    return id ? this.loaders.of(loaders).partyGroup.load(id) : null;
  }

  @ResolveField(() => TeamModel, { nullable: true })
  @Authenticated()
  team(@Parent() assignment: GroupAssignmentModel, @Loaders() loaders: RequestLoaders) {
    return assignment.teamId ? this.loaders.of(loaders).team.load(assignment.teamId) : null;
  }
}

@Resolver(() => PartyGroupModel)
export class PartyGroupBranchResolver {
  constructor(private readonly loaders: BranchesLoaders) {}

  @ResolveField(() => TemporaryBranchModel)
  @Authenticated()
  branch(@Parent() group: PartyGroupModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).branch.load(group.branchId);
  }
}

@Resolver(() => RoleGrantModel)
export class RoleGrantGroupResolver {
  constructor(private readonly loaders: BranchesLoaders) {}

  @ResolveField(() => PartyGroupModel, { nullable: true })
  @Authenticated()
  partyGroup(@Parent() grant: RoleGrantModel, @Loaders() loaders: RequestLoaders) {
    const id = grant.partyGroupId;
    return id ? this.loaders.of(loaders).partyGroup.load(id) : null;
  }
}

@Resolver(() => AccountModel)
export class AccountGroupsResolver {
  constructor(private readonly loaders: BranchesLoaders) {}

  @ResolveField(() => [GroupAssignmentModel], {
    description: 'The party groups and teams the member belongs to now, with their role.',
  })
  @Authenticated()
  groups(@Parent() account: AccountModel, @Loaders() loaders: RequestLoaders) {
    const memberId = memberIdOf(account);
    return memberId ? this.loaders.of(loaders).currentAssignmentsOfMember.load(memberId) : [];
  }
}
