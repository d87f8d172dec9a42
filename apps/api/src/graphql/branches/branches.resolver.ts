import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import {
  AssignmentQueries,
  AssignmentsService,
  BranchesQueries,
  BranchesService,
  SquadsService,
} from '#domain/branches';
import { ID_ARG, OPTIONAL_ID_ARG } from '../common/uuid.scalar.js';
import { Authenticated, RequireRoles } from '../policy/policy.decorator.js';
import { CurrentActor } from '../policy/current-actor.decorator.js';
import {
  AcceptSquadsInput,
  AssignMemberInput,
  CreatePartyGroupInput,
  CreateTeamInput,
  CreateTemporaryBranchInput,
  ProposeSquadsInput,
} from './branches.input.js';
import {
  GroupAssignmentModel,
  PartyGroupModel,
  ProposedSquadModel,
  TeamModel,
  TemporaryBranchModel,
} from './branches.model.js';

@Resolver()
export class BranchesResolver {
  constructor(
    private readonly branches: BranchesService,
    private readonly queries: BranchesQueries,
    private readonly assignments: AssignmentsService,
    private readonly assignmentQueries: AssignmentQueries,
    private readonly squads: SquadsService,
  ) {}

  @Query(() => [TemporaryBranchModel])
  @Authenticated()
  temporaryBranches(
    @CurrentActor() actor: Actor,
    @Args('communityId', ID_ARG) communityId: string,
  ) {
    return this.queries.branches(actor, communityId);
  }

  @Query(() => PartyGroupModel)
  @Authenticated()
  partyGroup(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.queries.partyGroup(actor, id);
  }

  @Query(() => [TeamModel])
  @Authenticated()
  teams(@CurrentActor() actor: Actor, @Args('communityId', ID_ARG) communityId: string) {
    return this.queries.teams(actor, communityId);
  }

  @Query(() => [GroupAssignmentModel], {
    description: 'Roster of a party group or team; includeEnded gives its whole history.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'GROUP_LEADER')
  groupAssignments(
    @CurrentActor() actor: Actor,
    @Args('partyGroupId', OPTIONAL_ID_ARG) partyGroupId: string | null,
    @Args('teamId', OPTIONAL_ID_ARG) teamId: string | null,
    @Args('includeEnded', { defaultValue: false }) includeEnded: boolean,
  ) {
    return this.assignmentQueries.assignments(actor, { partyGroupId, teamId }, includeEnded);
  }

  @Query(() => [ProposedSquadModel], {
    description: 'Proposed squads by specialty, neighbourhood and health; not saved.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'UNIT_HR')
  squadProposal(@CurrentActor() actor: Actor, @Args('input') input: ProposeSquadsInput) {
    return this.squads.propose(actor, input);
  }

  @Mutation(() => TemporaryBranchModel)
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  createTemporaryBranch(
    @CurrentActor() actor: Actor,
    @Args('input') input: CreateTemporaryBranchInput,
  ) {
    return this.branches.createBranch(actor, input);
  }

  @Mutation(() => TemporaryBranchModel, {
    description: 'Corrects the name; a dissolved branch may be renamed too.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  renameTemporaryBranch(
    @CurrentActor() actor: Actor,
    @Args('id', ID_ARG) id: string,
    @Args('name') name: string,
  ) {
    return this.branches.renameBranch(actor, id, name);
  }

  @Mutation(() => TemporaryBranchModel, { description: 'Ends every assignment; keeps history.' })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  dissolveTemporaryBranch(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.branches.dissolveBranch(actor, id);
  }

  @Mutation(() => PartyGroupModel)
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  createPartyGroup(@CurrentActor() actor: Actor, @Args('input') input: CreatePartyGroupInput) {
    return this.branches.createPartyGroup(actor, input);
  }

  @Mutation(() => TeamModel)
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  createTeam(@CurrentActor() actor: Actor, @Args('input') input: CreateTeamInput) {
    return this.branches.createTeam(actor, input);
  }

  @Mutation(() => TeamModel)
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  renameTeam(
    @CurrentActor() actor: Actor,
    @Args('id', ID_ARG) id: string,
    @Args('name') name: string,
  ) {
    return this.branches.renameTeam(actor, id, name);
  }

  @Mutation(() => GroupAssignmentModel)
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'GROUP_LEADER')
  assignMember(@CurrentActor() actor: Actor, @Args('input') input: AssignMemberInput) {
    return this.assignments.assign(actor, input);
  }

  @Mutation(() => GroupAssignmentModel)
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'GROUP_LEADER')
  endAssignment(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.assignments.end(actor, id);
  }

  @Mutation(() => [TeamModel], { description: 'Creates the squads of an (edited) proposal.' })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  acceptSquadProposal(@CurrentActor() actor: Actor, @Args('input') input: AcceptSquadsInput) {
    return this.squads.accept(actor, input);
  }
}
