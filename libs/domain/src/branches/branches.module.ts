import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MembersModule } from '#domain/members';
import { OrganisationModule } from '#domain/organisation';
import { SecondmentModule } from '#domain/secondment';
import { AssignmentQueries } from './assignment-queries.service.js';
import { AssignmentTargets } from './assignment-target.js';
import { AssignmentsService } from './assignments.service.js';
import { BranchesQueries } from './branches-queries.service.js';
import { BranchesService } from './branches.service.js';
import { GroupAssignment } from './group-assignment.entity.js';
import { PartyGroup } from './party-group.entity.js';
import { SquadsService } from './squads.service.js';
import { Team } from './team.entity.js';
import { TemporaryBranch } from './temporary-branch.entity.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([TemporaryBranch, PartyGroup, Team, GroupAssignment]),
    OrganisationModule,
    MembersModule,
    SecondmentModule,
  ],
  providers: [
    BranchesService,
    BranchesQueries,
    AssignmentTargets,
    AssignmentsService,
    AssignmentQueries,
    SquadsService,
  ],
  exports: [BranchesService, BranchesQueries, AssignmentsService, AssignmentQueries, SquadsService],
})
export class BranchesModule {}
