import { Module } from '@nestjs/common';
import { BranchesModule } from '#domain/branches';
import {
  AccountGroupsResolver,
  GroupAssignmentResolver,
  PartyGroupBranchResolver,
  RoleGrantGroupResolver,
} from './branches-fields.resolver.js';
import { BranchesLoaders } from './branches.loaders.js';
import { BranchesResolver } from './branches.resolver.js';

/** Temporary branches, party groups, teams, assignments and squads, and every field that points at them. */
@Module({
  imports: [BranchesModule],
  providers: [
    BranchesResolver,
    GroupAssignmentResolver,
    PartyGroupBranchResolver,
    AccountGroupsResolver,
    RoleGrantGroupResolver,
    BranchesLoaders,
  ],
})
export class BranchesGraphqlModule {}
