import { Injectable } from '@nestjs/common';
import type { Actor } from '#core';
import { AssignmentQueries, BranchesQueries } from '#domain/branches';
import {
  FeatureLoaders,
  lazily,
  loaderById,
  loaderOfMany,
  requireActor,
} from '../common/loaders.js';

function build(branches: BranchesQueries, assignments: AssignmentQueries, actor: Actor | null) {
  return lazily({
    branch: () => loaderById((ids) => branches.branchesByIds(ids)),
    partyGroup: () => loaderById((ids) => branches.groupsByIds(ids)),
    team: () => loaderById((ids) => branches.teamsByIds(ids)),
    currentAssignmentsOfMember: () =>
      loaderOfMany(
        (ids) => assignments.currentOfMembers(requireActor(actor), ids),
        (a) => a.memberId,
      ),
  });
}

/** Branches, party groups, teams and assignments, for every field that points at them. */
@Injectable()
export class BranchesLoaders extends FeatureLoaders<ReturnType<typeof build>> {
  constructor(
    private readonly branches: BranchesQueries,
    private readonly assignments: AssignmentQueries,
  ) {
    super();
  }

  protected create(actor: Actor | null) {
    return build(this.branches, this.assignments, actor);
  }
}
