import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import {
  Clock,
  CommonErrors,
  communityIdsOf,
  isOperator,
  memberIdsOf,
  partyGroupIdsOf,
  type Actor,
} from '#core';
import { mapConstraintViolations, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { MemberRecords, ruleCheck } from '#domain/members';
import { administers } from '#domain/organisation';
import { SecondmentQueries } from '#domain/secondment';
import { BranchErrors } from './branches.errors.js';
import { GroupAssignment, type GroupRole } from './group-assignment.entity.js';
import { PartyGroup } from './party-group.entity.js';
import { Team } from './team.entity.js';
import { TemporaryBranch } from './temporary-branch.entity.js';

export interface AssignmentTarget {
  readonly partyGroupId?: string | null;
  readonly teamId?: string | null;
}

interface ResolvedTarget {
  readonly communityId: string;
  readonly group: PartyGroup | null;
  readonly team: Team | null;
}

function leads(actor: Actor, target: ResolvedTarget): boolean {
  return target.group !== null && partyGroupIdsOf(actor).includes(target.group.id);
}

/**
 * Who is in which party group or team, in which role, since when. The
 * committee assigns anyone who serves in the community to any role; a group
 * leader or deputy (GROUP_LEADER) adds and removes plain members of their own
 * group only. History is appended: a role change ends a row and adds one.
 */
/**
 * Whether someone serves where they are being assigned is checked whoever
 * assigns: a group leader may not see a person before adding them, yet must
 * be told why that person cannot join.
 */
const SERVES_IN = ruleCheck('an assigned member serves in the community of the group or team');

@Injectable()
export class AssignmentsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly members: MemberRecords,
    private readonly secondments: SecondmentQueries,
  ) {}

  async assign(
    actor: Actor,
    input: AssignmentTarget & { memberId: string; role: GroupRole },
  ): Promise<GroupAssignment> {
    return mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          const target = await this.resolve(input);
          const mayAssign =
            administers(actor, target.communityId) ||
            (leads(actor, target) && input.role === 'MEMBER');
          if (!mayAssign) throw CommonErrors.forbidden();
          await this.requireServesIn(input.memberId, target);
          const repository = this.uow.repository(GroupAssignment);
          const where = target.group
            ? { partyGroupId: target.group.id, memberId: input.memberId, endedAt: IsNull() }
            : { teamId: target.team?.id, memberId: input.memberId, endedAt: IsNull() };
          const current = await repository.findOneBy(where);
          const now = this.clock.now();
          if (current) {
            if (current.role === input.role) throw BranchErrors.alreadyAssigned();
            // a leader stepping down to member is a role change only the committee makes
            if (!administers(actor, target.communityId)) throw CommonErrors.forbidden();
            await repository.update(current.id, { endedAt: now, endReason: 'ROLE_CHANGED' });
          }
          const assignment = await repository.save({
            memberId: input.memberId,
            partyGroupId: target.group?.id ?? null,
            teamId: target.team?.id ?? null,
            role: input.role,
            startedAt: now,
          });
          await this.audit.record(actor, {
            action: 'assignment.create',
            entity: 'GroupAssignment',
            entityId: assignment.id,
          });
          return assignment;
        }),
      {
        unique: BranchErrors.roleTaken,
      },
    );
  }

  async end(actor: Actor, id: string): Promise<GroupAssignment> {
    return this.uow.run(async () => {
      const repository = this.uow.repository(GroupAssignment);
      const assignment = await repository.findOne({
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!assignment) throw BranchErrors.assignmentNotFound();
      const target = await this.resolve(assignment, { allowDissolved: true });
      const mayEnd =
        administers(actor, target.communityId) ||
        (leads(actor, target) && assignment.role === 'MEMBER');
      if (!mayEnd) throw CommonErrors.forbidden();
      if (assignment.endedAt) throw BranchErrors.assignmentEnded();
      const ending = { endedAt: this.clock.now(), endReason: 'ENDED' as const };
      await repository.update(id, ending);
      await this.audit.record(actor, {
        action: 'assignment.end',
        entity: 'GroupAssignment',
        entityId: id,
      });
      return Object.assign(assignment, ending);
    });
  }

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
    const resolved = await this.resolve(target, { allowDissolved: true });
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
   * far as the actor may see them — a member their own, the committee those
   * in its community, a group leader those of their group.
   */
  async currentOfMembers(actor: Actor, memberIds: readonly string[]): Promise<GroupAssignment[]> {
    const query = this.uow
      .repository(GroupAssignment)
      .createQueryBuilder('a')
      .leftJoin(PartyGroup, 'g', 'g.id = a.party_group_id')
      .leftJoin(Team, 't', 't.id = a.team_id')
      .where('a.member_id IN (:...memberIds)', { memberIds })
      .andWhere('a.ended_at IS NULL');
    if (!isOperator(actor)) {
      query.andWhere(
        `(a.member_id = ANY(:self) OR coalesce(g.community_id, t.community_id) = ANY(:communities)
          OR a.party_group_id = ANY(:groups))`,
        {
          self: memberIdsOf(actor),
          communities: communityIdsOf(actor),
          groups: partyGroupIdsOf(actor),
        },
      );
    }
    return query.orderBy('a.started_at').addOrderBy('a.id').getMany();
  }

  private async resolve(
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

  /**
   * Residents serve where they live; a seconded member only in the community
   * of their active secondment (seed 004: they may not change community
   * without their unit's approval). Resident teams take residents, seconded
   * squads seconded members, joint teams both.
   */
  private async requireServesIn(memberId: string, target: ResolvedTarget): Promise<void> {
    const member = await this.members.byId(SERVES_IN, memberId);
    if (!member) throw BranchErrors.memberNotFound();
    const serves =
      member.kind === 'RESIDENT'
        ? member.residenceCommunityId === target.communityId
        : await this.secondments.isServingIn(memberId, target.communityId);
    if (!serves) throw BranchErrors.notServingHere();
    const kind = target.team?.kind;
    if (
      (kind === 'RESIDENT_TEAM' && member.kind !== 'RESIDENT') ||
      (kind === 'SECONDED_SQUAD' && member.kind !== 'SECONDED')
    ) {
      throw BranchErrors.wrongKindForTeam();
    }
  }
}
