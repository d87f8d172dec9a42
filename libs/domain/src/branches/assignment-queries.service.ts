import { Injectable } from '@nestjs/common';
import {
  CommonErrors,
  communityIdsOf,
  isOperator,
  memberIdsOf,
  partyGroupIdsOf,
  type Actor,
} from '#core';
import { joinSql, rawSql, sql, toCondition, UnitOfWork, type Sql } from '#database';
import { administers } from '#domain/organisation';
import { AssignmentTargets, leads, type AssignmentTarget } from './assignment-target.js';
import { GroupAssignment } from './group-assignment.entity.js';
import { PartyGroup } from './party-group.entity.js';
import { Team } from './team.entity.js';

/**
 * Current assignments an actor may see, over `group_assignment a` with its
 * party group `g` and team `t` joined: a member their own, the committee
 * those in its community, a group leader those of their group.
 */
function visibleAssignments(actor: Actor): Sql {
  if (isOperator(actor)) return rawSql('TRUE');
  const members = memberIdsOf(actor);
  const communities = communityIdsOf(actor);
  const groups = partyGroupIdsOf(actor);
  const parts: Sql[] = [];
  if (members.length > 0) parts.push(sql`a.member_id = ANY(${members})`);
  if (communities.length > 0) {
    parts.push(sql`coalesce(g.community_id, t.community_id) = ANY(${communities})`);
  }
  if (groups.length > 0) parts.push(sql`a.party_group_id = ANY(${groups})`);
  return sql`(${joinSql(parts, ' OR ')})`;
}

/** Reads of who is in which party group or team: rosters, and members' current places. */
@Injectable()
export class AssignmentQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly targets: AssignmentTargets,
  ) {}

  /**
   * The roster of a group or team, oldest first; with `includeEnded`, its
   * whole history (also after the branch is dissolved). For the committee,
   * the group's own leaders and operators.
   */
  async assignments(
    actor: Actor,
    target: AssignmentTarget,
    includeEnded: boolean,
  ): Promise<GroupAssignment[]> {
    const resolved = await this.targets.resolve(target, { allowDissolved: true });
    if (!administers(actor, resolved.communityId) && !leads(actor, resolved)) {
      throw CommonErrors.forbidden();
    }
    const query = this.uow
      .repository(GroupAssignment)
      .createQueryBuilder('a')
      .where(resolved.group ? 'a.party_group_id = :id' : 'a.team_id = :id', {
        id: resolved.group?.id ?? resolved.team?.id,
      });
    if (!includeEnded) query.andWhere('a.ended_at IS NULL');
    return query.orderBy('a.started_at').addOrderBy('a.id').take(1000).getMany();
  }

  /**
   * Batch read for loaders: the groups and teams members belong to now, as
   * far as the actor may see them (visibleAssignments).
   */
  async currentOfMembers(actor: Actor, memberIds: readonly string[]): Promise<GroupAssignment[]> {
    const scope = toCondition(visibleAssignments(actor));
    return this.uow
      .repository(GroupAssignment)
      .createQueryBuilder('a')
      .leftJoin(PartyGroup, 'g', 'g.id = a.party_group_id')
      .leftJoin(Team, 't', 't.id = a.team_id')
      .where('a.member_id IN (:...memberIds)', { memberIds })
      .andWhere('a.ended_at IS NULL')
      .andWhere(scope.where, scope.params)
      .orderBy('a.started_at')
      .addOrderBy('a.id')
      .getMany();
  }
}
