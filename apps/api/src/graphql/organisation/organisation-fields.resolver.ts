import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { RoleGrantModel } from '../auth/auth.model.js';
import { PartyGroupModel, TeamModel, TemporaryBranchModel } from '../branches/branches.model.js';
import type { RequestLoaders } from '../common/loaders.js';
import { MemberModel } from '../members/member.model.js';
import { Authenticated } from '../policy/policy.decorator.js';
import { Loaders } from '../policy/current-actor.decorator.js';
import { RotationBatchModel, SecondmentModel } from '../secondment/secondment.model.js';
import { DemandModel } from '../demands/demand.model.js';
import { TaskTypeModel } from '../task-types/task-type.model.js';
import { TaskModel } from '../tasks/task.model.js';
import { OrganisationLoaders } from './organisation.loaders.js';
import { CommunityModel, CourtyardModel, PairingModel, UnitModel } from './organisation.model.js';

/*
 * The communities, units and courtyards that other records point at, each
 * through this feature's loaders. Whoever may read the record may read the
 * name of what it points at: names are not personal data, and the pointed-at
 * record's own fields (its members, its pairings) stay scoped.
 */

@Resolver(() => PairingModel)
export class PairingSidesResolver {
  constructor(private readonly loaders: OrganisationLoaders) {}

  @ResolveField(() => UnitModel)
  @Authenticated()
  unit(@Parent() pairing: PairingModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).unit.load(pairing.unitId);
  }

  @ResolveField(() => CommunityModel)
  @Authenticated()
  community(@Parent() pairing: PairingModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).community.load(pairing.communityId);
  }
}

@Resolver(() => CourtyardModel)
export class CourtyardCommunityResolver {
  constructor(private readonly loaders: OrganisationLoaders) {}

  @ResolveField(() => CommunityModel)
  @Authenticated()
  community(@Parent() courtyard: CourtyardModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).community.load(courtyard.communityId);
  }
}

@Resolver(() => MemberModel)
export class MemberOrganisationResolver {
  constructor(private readonly loaders: OrganisationLoaders) {}

  @ResolveField(() => CommunityModel, { nullable: true })
  @Authenticated()
  residenceCommunity(@Parent() member: MemberModel, @Loaders() loaders: RequestLoaders) {
    const id = member.residenceCommunityId;
    return id ? this.loaders.of(loaders).community.load(id) : null;
  }

  @ResolveField(() => UnitModel, { nullable: true })
  @Authenticated()
  unit(@Parent() member: MemberModel, @Loaders() loaders: RequestLoaders) {
    return member.unitId ? this.loaders.of(loaders).unit.load(member.unitId) : null;
  }
}

@Resolver(() => SecondmentModel)
export class SecondmentOrganisationResolver {
  constructor(private readonly loaders: OrganisationLoaders) {}

  @ResolveField(() => CommunityModel)
  @Authenticated()
  community(@Parent() secondment: SecondmentModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).community.load(secondment.communityId);
  }

  @ResolveField(() => UnitModel)
  @Authenticated()
  unit(@Parent() secondment: SecondmentModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).unit.load(secondment.unitId);
  }
}

@Resolver(() => RotationBatchModel)
export class RotationBatchOrganisationResolver {
  constructor(private readonly loaders: OrganisationLoaders) {}

  @ResolveField(() => CommunityModel)
  @Authenticated()
  community(@Parent() batch: RotationBatchModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).community.load(batch.communityId);
  }

  @ResolveField(() => UnitModel)
  @Authenticated()
  leadUnit(@Parent() batch: RotationBatchModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).unit.load(batch.leadUnitId);
  }
}

@Resolver(() => TemporaryBranchModel)
export class BranchCommunityResolver {
  constructor(private readonly loaders: OrganisationLoaders) {}

  @ResolveField(() => CommunityModel)
  @Authenticated()
  community(@Parent() branch: TemporaryBranchModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).community.load(branch.communityId);
  }
}

@Resolver(() => PartyGroupModel)
export class PartyGroupOrganisationResolver {
  constructor(private readonly loaders: OrganisationLoaders) {}

  @ResolveField(() => CommunityModel)
  @Authenticated()
  community(@Parent() group: PartyGroupModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).community.load(group.communityId);
  }

  @ResolveField(() => CourtyardModel)
  @Authenticated()
  courtyard(@Parent() group: PartyGroupModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).courtyard.load(group.courtyardId);
  }
}

@Resolver(() => TeamModel)
export class TeamCommunityResolver {
  constructor(private readonly loaders: OrganisationLoaders) {}

  @ResolveField(() => CommunityModel)
  @Authenticated()
  community(@Parent() team: TeamModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).community.load(team.communityId);
  }
}

@Resolver(() => RoleGrantModel)
export class RoleGrantOrganisationResolver {
  constructor(private readonly loaders: OrganisationLoaders) {}

  @ResolveField(() => CommunityModel, { nullable: true })
  @Authenticated()
  community(@Parent() grant: RoleGrantModel, @Loaders() loaders: RequestLoaders) {
    return grant.communityId ? this.loaders.of(loaders).community.load(grant.communityId) : null;
  }

  @ResolveField(() => UnitModel, { nullable: true })
  @Authenticated()
  unit(@Parent() grant: RoleGrantModel, @Loaders() loaders: RequestLoaders) {
    return grant.unitId ? this.loaders.of(loaders).unit.load(grant.unitId) : null;
  }
}

@Resolver(() => TaskTypeModel)
export class TaskTypeCommunityResolver {
  constructor(private readonly loaders: OrganisationLoaders) {}

  @ResolveField(() => CommunityModel, {
    nullable: true,
    description: 'The community that owns the type; null for the shared catalogue.',
  })
  @Authenticated()
  community(@Parent() taskType: TaskTypeModel, @Loaders() loaders: RequestLoaders) {
    return taskType.communityId
      ? this.loaders.of(loaders).community.load(taskType.communityId)
      : null;
  }
}

@Resolver(() => TaskModel)
export class TaskPlaceResolver {
  constructor(private readonly loaders: OrganisationLoaders) {}

  @ResolveField(() => CommunityModel)
  @Authenticated()
  community(@Parent() task: TaskModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).community.load(task.communityId);
  }

  @ResolveField(() => CourtyardModel)
  @Authenticated()
  courtyard(@Parent() task: TaskModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).courtyard.load(task.courtyardId);
  }
}

@Resolver(() => DemandModel)
export class DemandPlaceResolver {
  constructor(private readonly loaders: OrganisationLoaders) {}

  @ResolveField(() => CommunityModel)
  @Authenticated()
  community(@Parent() demand: DemandModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).community.load(demand.communityId);
  }

  @ResolveField(() => CourtyardModel)
  @Authenticated()
  courtyard(@Parent() demand: DemandModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).courtyard.load(demand.courtyardId);
  }
}

/** The field resolvers above, for the feature's module. */
export const ORGANISATION_FIELD_RESOLVERS = [
  TaskPlaceResolver,
  DemandPlaceResolver,
  TaskTypeCommunityResolver,
  PairingSidesResolver,
  CourtyardCommunityResolver,
  MemberOrganisationResolver,
  SecondmentOrganisationResolver,
  RotationBatchOrganisationResolver,
  BranchCommunityResolver,
  PartyGroupOrganisationResolver,
  TeamCommunityResolver,
  RoleGrantOrganisationResolver,
];
