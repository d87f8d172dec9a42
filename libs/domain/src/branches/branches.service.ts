import { Injectable } from '@nestjs/common';
import { Clock, CommonErrors, Validate, type Actor } from '#core';
import { mapConstraintViolations, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { administers, CommunityAccess } from '#domain/organisation';
import { BranchErrors } from './branches.errors.js';
import { GroupAssignment } from './group-assignment.entity.js';
import { PartyGroup } from './party-group.entity.js';
import { Team, type TeamKind } from './team.entity.js';
import { TemporaryBranch } from './temporary-branch.entity.js';

const NAME = { 'zh-CN': '名称', en: 'Name' };
const PURPOSE = { 'zh-CN': '设立目的', en: 'Purpose' };
const SPECIALTY = { 'zh-CN': '专长方向', en: 'Specialty' };
const STARTS_ON = { 'zh-CN': '开始日期', en: 'Start date' };
const ENDS_ON = { 'zh-CN': '结束日期', en: 'End date' };

/**
 * Temporary branches, their party groups (one per courtyard) and the
 * community's teams, as the community's committee sets them up. Reads are
 * the BranchesQueries'.
 */
@Injectable()
export class BranchesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly access: CommunityAccess,
  ) {}

  async createBranch(
    actor: Actor,
    input: {
      communityId: string;
      name: string;
      purpose: string;
      startsOn: string;
      endsOn?: string | null;
    },
  ): Promise<TemporaryBranch> {
    const name = Validate.text('name', NAME, input.name, 100);
    const purpose = Validate.text('purpose', PURPOSE, input.purpose, 500);
    const startsOn = Validate.date('startsOn', STARTS_ON, input.startsOn);
    const endsOn = input.endsOn ? Validate.date('endsOn', ENDS_ON, input.endsOn) : null;
    if (endsOn && endsOn < startsOn) throw BranchErrors.endsBeforeStart();
    return this.uow.run(async () => {
      await this.access.requireAdministered(actor, input.communityId);
      const branch = await this.uow
        .repository(TemporaryBranch)
        .save({ communityId: input.communityId, name, purpose, startsOn, endsOn });
      await this.record(actor, 'branch.create', 'TemporaryBranch', branch.id);
      return branch;
    });
  }

  /**
   * Dissolves a branch: every active assignment in its groups ends (reason
   * BRANCH_DISSOLVED) and its leaders lose their GROUP_LEADER scope with it.
   * Nothing is deleted; the branch and its history stay readable.
   */
  async dissolveBranch(actor: Actor, id: string): Promise<TemporaryBranch> {
    return this.uow.run(async () => {
      const branch = await this.uow
        .repository(TemporaryBranch)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!branch) throw BranchErrors.branchNotFound();
      if (!administers(actor, branch.communityId)) throw CommonErrors.forbidden();
      if (branch.status === 'DISSOLVED') throw BranchErrors.branchDissolved();
      const now = this.clock.now();
      await this.uow
        .repository(GroupAssignment)
        .createQueryBuilder()
        .update()
        .set({
          endedAt: () => 'greatest(CAST(:now AS timestamptz), started_at)',
          endReason: 'BRANCH_DISSOLVED',
        })
        .where('ended_at IS NULL')
        .andWhere('party_group_id IN (SELECT id FROM party_group WHERE branch_id = :id)', { id })
        .setParameter('now', now.toISOString())
        .execute();
      branch.status = 'DISSOLVED';
      branch.dissolvedAt = now;
      await this.uow.repository(TemporaryBranch).save(branch);
      await this.record(actor, 'branch.dissolve', 'TemporaryBranch', id);
      return branch;
    });
  }

  async createPartyGroup(
    actor: Actor,
    input: { branchId: string; courtyardId: string; name: string },
  ): Promise<PartyGroup> {
    const name = Validate.text('name', NAME, input.name, 100);
    return mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          const branch = await this.openBranch(actor, input.branchId);
          const group = await this.uow.repository(PartyGroup).save({
            branchId: branch.id,
            communityId: branch.communityId,
            courtyardId: input.courtyardId,
            name,
          });
          await this.record(actor, 'party_group.create', 'PartyGroup', group.id);
          return group;
        }),
      {
        unique: BranchErrors.courtyardTaken,
        // (community, courtyard) must name a courtyard of the branch's community
        foreignKey: BranchErrors.courtyardNotInCommunity,
      },
    );
  }

  async createTeam(
    actor: Actor,
    input: { communityId: string; name: string; kind: TeamKind; specialty: string },
  ): Promise<Team> {
    const name = Validate.text('name', NAME, input.name, 100);
    const specialty = Validate.text('specialty', SPECIALTY, input.specialty, 100);
    return mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          await this.access.requireAdministered(actor, input.communityId);
          const team = await this.uow
            .repository(Team)
            .save({ communityId: input.communityId, name, kind: input.kind, specialty });
          await this.record(actor, 'team.create', 'Team', team.id);
          return team;
        }),
      {
        unique: BranchErrors.teamNameTaken,
      },
    );
  }

  /**
   * Corrects a branch's name, by its community's committee. A dissolved
   * branch may be renamed too: the rename corrects the record, and the
   * branch's history (its groups and their assignments) is read under that
   * name long after it closed; dissolving freezes who served, not how the
   * branch is spelt. The audit log keeps the rename.
   */
  async renameBranch(actor: Actor, id: string, newName: string): Promise<TemporaryBranch> {
    const name = Validate.text('name', NAME, newName, 100);
    return this.uow.run(async () => {
      const branch = await this.access.administeredRecord(
        actor,
        TemporaryBranch,
        id,
        BranchErrors.branchNotFound,
      );
      await this.uow.repository(TemporaryBranch).update(id, { name });
      await this.record(actor, 'branch.rename', 'TemporaryBranch', id);
      branch.name = name;
      return branch;
    });
  }

  /** Corrects a team's name, by its community's committee; names stay unique in the community. */
  async renameTeam(actor: Actor, id: string, newName: string): Promise<Team> {
    const name = Validate.text('name', NAME, newName, 100);
    return mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          const team = await this.access.administeredRecord(
            actor,
            Team,
            id,
            BranchErrors.teamNotFound,
          );
          await this.uow.repository(Team).update(id, { name });
          await this.record(actor, 'team.rename', 'Team', id);
          team.name = name;
          return team;
        }),
      {
        unique: BranchErrors.teamNameTaken,
      },
    );
  }

  /** An open branch the actor administers. */
  private async openBranch(actor: Actor, id: string): Promise<TemporaryBranch> {
    const branch = await this.uow.repository(TemporaryBranch).findOneBy({ id });
    if (!branch) throw BranchErrors.branchNotFound();
    if (!administers(actor, branch.communityId)) throw CommonErrors.forbidden();
    if (branch.status !== 'OPEN') throw BranchErrors.branchDissolved();
    return branch;
  }

  private record(actor: Actor, action: string, entity: string, entityId: string) {
    return this.audit.record(actor, { action, entity, entityId });
  }
}
