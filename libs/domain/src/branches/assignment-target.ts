import { Injectable } from '@nestjs/common';
import { CommonErrors, partyGroupIdsOf, type Actor } from '#core';
import { UnitOfWork } from '#database';
import { BranchErrors } from './branches.errors.js';
import { PartyGroup } from './party-group.entity.js';
import { Team } from './team.entity.js';
import { TemporaryBranch } from './temporary-branch.entity.js';

/** Where an assignment is, or is to be: exactly one of a party group and a team. */
export interface AssignmentTarget {
  readonly partyGroupId?: string | null;
  readonly teamId?: string | null;
}

/** A target read from the database, with the community whose committee rules it. */
export interface ResolvedTarget {
  readonly communityId: string;
  readonly group: PartyGroup | null;
  readonly team: Team | null;
}

/** Whether the actor leads or deputises the target's party group (a team has no leader grant). */
export function leads(actor: Actor, target: ResolvedTarget): boolean {
  return target.group !== null && partyGroupIdsOf(actor).includes(target.group.id);
}

/** Reads the group or team an assignment use case acts on, for writes and reads alike. */
@Injectable()
export class AssignmentTargets {
  constructor(private readonly uow: UnitOfWork) {}

  /**
   * The group or team, failing on neither or both, and on an unknown one.
   * New assignments go only to a group of an open branch; ending one and
   * reading the history also reach a dissolved branch (`allowDissolved`).
   */
  async resolve(
    target: AssignmentTarget,
    options: { allowDissolved?: boolean } = {},
  ): Promise<ResolvedTarget> {
    if (Boolean(target.partyGroupId) === Boolean(target.teamId)) {
      throw CommonErrors.invalidInput('partyGroupId', {
        'zh-CN': '须指定党小组或队伍之一',
        en: 'Give exactly one of partyGroupId and teamId',
      });
    }
    if (target.partyGroupId) {
      const group = await this.uow.repository(PartyGroup).findOneBy({ id: target.partyGroupId });
      if (!group) throw BranchErrors.groupNotFound();
      if (!options.allowDissolved) {
        const branch = await this.uow
          .repository(TemporaryBranch)
          .findOneByOrFail({ id: group.branchId });
        if (branch.status !== 'OPEN') throw BranchErrors.branchDissolved();
      }
      return { communityId: group.communityId, group, team: null };
    }
    const team = await this.uow.repository(Team).findOneBy({ id: target.teamId ?? '' });
    if (!team) throw BranchErrors.teamNotFound();
    return { communityId: team.communityId, group: null, team };
  }
}
