import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { Clock, CommonErrors, type Actor } from '#core';
import { mapConstraintViolations, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { MemberRecords, ruleCheck } from '#domain/members';
import { administers } from '#domain/organisation';
import { SecondmentQueries } from '#domain/secondment';
import {
  AssignmentTargets,
  leads,
  type AssignmentTarget,
  type ResolvedTarget,
} from './assignment-target.js';
import { BranchErrors } from './branches.errors.js';
import { GroupAssignment, type GroupRole } from './group-assignment.entity.js';

/**
 * Whether someone serves where they are being assigned is checked whoever
 * assigns: a group leader may not see a person before adding them, yet must
 * be told why that person cannot join.
 */
const SERVES_IN = ruleCheck('an assigned member serves in the community of the group or team');

/**
 * Who is in which party group or team, in which role, since when. The
 * committee assigns anyone who serves in the community to any role; a group
 * leader or deputy (GROUP_LEADER) adds and removes plain members of their own
 * group only. History is appended: a role change ends a row and adds one.
 * Rosters are read through AssignmentQueries.
 */
@Injectable()
export class AssignmentsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly members: MemberRecords,
    private readonly secondments: SecondmentQueries,
    private readonly targets: AssignmentTargets,
  ) {}

  async assign(
    actor: Actor,
    input: AssignmentTarget & { memberId: string; role: GroupRole },
  ): Promise<GroupAssignment> {
    return mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          const target = await this.targets.resolve(input);
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
      const target = await this.targets.resolve(assignment, { allowDissolved: true });
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
