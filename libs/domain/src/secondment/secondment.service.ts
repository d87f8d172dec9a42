import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import {
  Clock,
  CommonErrors,
  isOperator,
  localDate,
  memberIdsOf,
  unitIdsOf,
  Validate,
  type Actor,
  type Page,
  type PageRequest,
} from '#core';
import { mapConstraintViolations, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { MemberRecords, type MemberFacts } from '#domain/members';
import {
  administers,
  Community,
  OrganisationErrors,
  OrganisationService,
} from '#domain/organisation';
import { nextReReportDue, overdueCondition } from './re-report.js';
import { RotationBatch } from './rotation-batch.entity.js';
import { SecondmentErrors } from './secondment.errors.js';
import { visibleSecondments } from './secondment-scope.js';
import { Secondment, type SecondmentStatus } from './secondment.entity.js';

const REASON = { 'zh-CN': '驳回理由', en: 'Reason' };
const MAX_BATCH = 200;

export interface SecondmentFilter {
  readonly communityId?: string | null;
  readonly unitId?: string | null;
  readonly memberId?: string | null;
  readonly status?: SecondmentStatus | null;
}

/** The one in-flight request per member and the one active secondment are unique indexes. */
const PENDING: SecondmentStatus[] = ['REQUESTED', 'UNIT_APPROVED'];

function isHrOf(actor: Actor, unitId: string): boolean {
  return isOperator(actor) || unitIdsOf(actor).includes(unitId);
}

function isSelf(actor: Actor, memberId: string): boolean {
  return memberIdsOf(actor).includes(memberId);
}

/**
 * Report-in (报到) of seconded members, after seed 004: a member reports to
 * the community paired with their unit or the one they live in, either on
 * their own (REQUESTED, then approved by their unit's party organisation) or
 * sent by the unit in a batch (the unit's dispatch is its approval, so those
 * start at UNIT_APPROVED). The community's committee accepts and issues a
 * receipt number (ACTIVE), or rejects with a reason. Changing community
 * needs a transfer approved by the unit; leaving needs the unit too.
 */
@Injectable()
export class SecondmentService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly organisation: OrganisationService,
    private readonly members: MemberRecords,
  ) {}

  /** Individual report-in, by the member or their unit's HR. */
  async reportIn(
    actor: Actor,
    input: { memberId: string; communityId: string },
  ): Promise<Secondment> {
    return this.guarded(() =>
      this.uow.run(async () => {
        const member = await this.seconded(actor, input.memberId);
        await this.requireEligible(member, input.communityId);
        if (await this.activeOf(member.id)) throw SecondmentErrors.alreadyActive();
        return this.open(actor, member, input.communityId, { channel: 'INDIVIDUAL' });
      }),
    );
  }

  /**
   * A unit sends a list of its members to a paired community in one call;
   * each gets their own record. All or nothing: one bad entry refuses the list.
   */
  async batchReportIn(
    actor: Actor,
    input: { unitId: string; communityId: string; memberIds: string[]; batchId?: string | null },
  ): Promise<Secondment[]> {
    const memberIds = [...new Set(input.memberIds)];
    const distinct = memberIds.length === input.memberIds.length;
    if (!distinct || memberIds.length === 0 || memberIds.length > MAX_BATCH) {
      throw SecondmentErrors.batchSize();
    }
    if (!isHrOf(actor, input.unitId)) throw CommonErrors.forbidden();
    return this.guarded(() =>
      this.uow.run(async () => {
        await this.requirePaired(input.unitId, input.communityId);
        const batch = input.batchId ? await this.lockBatch(input.batchId) : null;
        if (batch) {
          if (batch.status !== 'OPEN') throw SecondmentErrors.batchClosed();
          if (batch.leadUnitId !== input.unitId || batch.communityId !== input.communityId) {
            throw SecondmentErrors.batchMismatch();
          }
          const taken = await this.uow.repository(Secondment).countBy({
            batchId: batch.id,
            status: In(['REQUESTED', 'UNIT_APPROVED', 'ACTIVE']),
          });
          if (taken + memberIds.length > batch.headcount) {
            throw SecondmentErrors.headcountExceeded(batch.headcount);
          }
        }
        const members = await this.members.byIds(actor, memberIds);
        if (
          members.length !== memberIds.length ||
          members.some((m) => m.kind !== 'SECONDED' || m.unitId !== input.unitId)
        ) {
          throw SecondmentErrors.notOwnUnit();
        }
        const active = await this.uow
          .repository(Secondment)
          .countBy({ memberId: In(memberIds), status: 'ACTIVE' });
        if (active > 0) throw SecondmentErrors.alreadyActive();
        const created: Secondment[] = [];
        for (const member of members) {
          created.push(
            await this.open(actor, member as SecondedMember, input.communityId, {
              channel: batch ? 'BATCH' : 'INDIVIDUAL',
              batchId: batch?.id ?? null,
              unitApproved: true,
            }),
          );
        }
        return created;
      }),
    );
  }

  /** A member serving in one community asks to move to another; their unit approves. */
  async requestTransfer(
    actor: Actor,
    input: { memberId: string; communityId: string },
  ): Promise<Secondment> {
    return this.guarded(() =>
      this.uow.run(async () => {
        const member = await this.seconded(actor, input.memberId);
        const current = await this.activeOf(member.id);
        if (!current) throw SecondmentErrors.noActiveSecondment();
        if (current.communityId === input.communityId) throw SecondmentErrors.sameCommunity();
        await this.requireEligible(member, input.communityId);
        return this.open(actor, member, input.communityId, {
          channel: 'TRANSFER',
          transferFromId: current.id,
        });
      }),
    );
  }

  /** The member's unit approves a request (REQUESTED → UNIT_APPROVED). */
  async approveByUnit(actor: Actor, id: string): Promise<Secondment> {
    return this.transition(actor, id, 'secondment.unit_approve', (s) => {
      if (!isHrOf(actor, s.unitId)) throw CommonErrors.forbidden();
      this.expect(s, ['REQUESTED'], { 'zh-CN': '由单位审批', en: 'approved by the unit' });
      s.status = 'UNIT_APPROVED';
      s.unitApprovedAt = this.clock.now();
      return Promise.resolve();
    });
  }

  /**
   * Rejection with a reason, at either approval step: the unit rejects a
   * REQUESTED report-in, the community an UNIT_APPROVED one.
   */
  async reject(actor: Actor, id: string, reason: string): Promise<Secondment> {
    const text = Validate.text('reason', REASON, reason, 500);
    return this.transition(actor, id, 'secondment.reject', (s) => {
      if (s.status === 'REQUESTED') {
        if (!isHrOf(actor, s.unitId)) throw CommonErrors.forbidden();
        s.rejectedStage = 'UNIT';
      } else if (s.status === 'UNIT_APPROVED') {
        if (!administers(actor, s.communityId)) throw CommonErrors.forbidden();
        s.rejectedStage = 'COMMUNITY';
      } else {
        this.expect(s, PENDING, { 'zh-CN': '驳回', en: 'rejected' });
      }
      s.status = 'REJECTED';
      s.rejectedAt = this.clock.now();
      s.rejectionReason = text;
      return Promise.resolve();
    });
  }

  /**
   * The community's committee accepts a unit-approved report-in and issues a
   * receipt number; a transfer ends the old secondment in the same
   * transaction (its groups there end with it, by trigger).
   */
  async accept(actor: Actor, id: string): Promise<Secondment> {
    return this.transition(actor, id, 'secondment.accept', async (s) => {
      if (!administers(actor, s.communityId)) throw CommonErrors.forbidden();
      this.expect(s, ['UNIT_APPROVED'], { 'zh-CN': '接收', en: 'accepted' });
      const now = this.clock.now();
      if (s.transferFromId) {
        const previous = await this.uow
          .repository(Secondment)
          .findOne({ where: { id: s.transferFromId }, lock: { mode: 'pessimistic_write' } });
        if (previous?.status === 'ACTIVE') {
          await this.uow
            .repository(Secondment)
            .update(previous.id, { status: 'ENDED', endedAt: now, endReason: 'TRANSFERRED' });
        }
      }
      const { community, sequence } = await this.organisation.nextReceiptSequence(s.communityId);
      const year = localDate(now, community.timeZone).slice(0, 4);
      s.status = 'ACTIVE';
      s.activatedAt = now;
      s.lastReportedAt = now;
      s.receiptNumber = `BD${year}-${String(sequence).padStart(5, '0')}`;
      s.reportDueOn = nextReReportDue(now, community);
    });
  }

  /**
   * Ends a secondment. An active one ends only with the unit's approval
   * (leaving volunteer status needs it); a pending one may also be withdrawn
   * by the member.
   */
  async end(actor: Actor, id: string): Promise<Secondment> {
    return this.transition(actor, id, 'secondment.end', (s) => {
      if (s.status === 'ACTIVE') {
        if (!isHrOf(actor, s.unitId)) throw CommonErrors.forbidden();
        s.endReason = 'LEFT';
      } else if (PENDING.includes(s.status)) {
        if (!isHrOf(actor, s.unitId) && !isSelf(actor, s.memberId)) {
          throw CommonErrors.forbidden();
        }
        s.endReason = 'WITHDRAWN';
      } else {
        this.expect(s, ['ACTIVE', ...PENDING], { 'zh-CN': '结束', en: 'ended' });
      }
      s.status = 'ENDED';
      s.endedAt = this.clock.now();
      return Promise.resolve();
    });
  }

  /** The committee records a member's periodic re-report; the next one falls due an interval later. */
  async recordReReport(actor: Actor, id: string): Promise<Secondment> {
    return this.transition(actor, id, 'secondment.re_report', async (s) => {
      if (!administers(actor, s.communityId)) throw CommonErrors.forbidden();
      this.expect(s, ['ACTIVE'], { 'zh-CN': '登记复报到', en: 're-reported' });
      const [community] = await this.organisation.communitiesByIds([s.communityId]);
      if (!community) throw OrganisationErrors.communityNotFound();
      const now = this.clock.now();
      s.lastReportedAt = now;
      s.reportDueOn = nextReReportDue(now, community);
    });
  }

  async secondment(actor: Actor, id: string): Promise<Secondment> {
    const found = await this.scoped(actor).andWhere('s.id = :id', { id }).getOne();
    if (!found) throw SecondmentErrors.notFound();
    return found;
  }

  /** Secondments the actor may see, newest first; with `memberId`, a member's whole history. */
  async secondments(
    actor: Actor,
    filter: SecondmentFilter,
    page: PageRequest,
  ): Promise<Page<Secondment>> {
    const query = this.scoped(actor);
    if (filter.communityId) query.andWhere('s.community_id = :cid', { cid: filter.communityId });
    if (filter.unitId) query.andWhere('s.unit_id = :uid', { uid: filter.unitId });
    if (filter.memberId) query.andWhere('s.member_id = :mid', { mid: filter.memberId });
    if (filter.status) query.andWhere('s.status = :status', { status: filter.status });
    const [items, totalCount] = await query
      .orderBy('s.requested_at', 'DESC')
      .addOrderBy('s.id')
      .take(page.first)
      .skip(page.offset)
      .getManyAndCount();
    return { items, totalCount };
  }

  /**
   * Active secondments whose re-report date has passed, read in each
   * community's own time zone; per community for its committee, per unit for
   * its HR.
   */
  async overdueReReports(
    actor: Actor,
    filter: { communityId?: string | null; unitId?: string | null },
    page: PageRequest,
  ): Promise<Page<Secondment>> {
    const overdue = overdueCondition('s', 'c.time_zone', this.clock.now());
    const query = this.scoped(actor)
      .innerJoin(Community, 'c', 'c.id = s.community_id')
      .andWhere(overdue.where, overdue.params);
    if (filter.communityId) query.andWhere('s.community_id = :cid', { cid: filter.communityId });
    if (filter.unitId) query.andWhere('s.unit_id = :uid', { uid: filter.unitId });
    const [items, totalCount] = await query
      .orderBy('s.report_due_on')
      .addOrderBy('s.id')
      .take(page.first)
      .skip(page.offset)
      .getManyAndCount();
    return { items, totalCount };
  }

  /** Batch read for loaders: secondments by id, those the actor may see. */
  async secondmentsByIds(actor: Actor, ids: readonly string[]): Promise<Secondment[]> {
    return this.scoped(actor).andWhere('s.id IN (:...ids)', { ids }).getMany();
  }

  /**
   * Batch read for loaders: each member's current secondment within scope —
   * the ACTIVE one, or else their pending request (a member waiting for a
   * transfer has both: the active one is where they serve today).
   */
  async currentOfMembers(actor: Actor, memberIds: readonly string[]): Promise<Secondment[]> {
    const found = await this.scoped(actor)
      .andWhere('s.status IN (:...statuses)', { statuses: ['ACTIVE', ...PENDING] })
      .andWhere('s.member_id IN (:...ids)', { ids: memberIds })
      .getMany();
    const current = new Map<string, Secondment>();
    for (const secondment of found) {
      const seen = current.get(secondment.memberId);
      if (!seen || secondment.status === 'ACTIVE') current.set(secondment.memberId, secondment);
    }
    return [...current.values()];
  }

  private scoped(actor: Actor) {
    const scope = visibleSecondments(actor, 's');
    return this.uow.repository(Secondment).createQueryBuilder('s').where(scope.where, scope.params);
  }

  private async transition(
    actor: Actor,
    id: string,
    action: string,
    apply: (secondment: Secondment) => Promise<void>,
  ): Promise<Secondment> {
    return this.guarded(() =>
      this.uow.run(async () => {
        const found = await this.scoped(actor)
          .setLock('pessimistic_write')
          .andWhere('s.id = :id', { id })
          .getOne();
        if (!found) throw SecondmentErrors.notFound();
        await apply(found);
        const saved = await this.uow.repository(Secondment).save(found);
        await this.audit.record(actor, { action, entity: 'Secondment', entityId: saved.id });
        return saved;
      }),
    );
  }

  private expect(
    secondment: Secondment,
    allowed: SecondmentStatus[],
    action: { 'zh-CN': string; en: string },
  ): void {
    if (!allowed.includes(secondment.status)) {
      throw SecondmentErrors.wrongState(secondment.status, action);
    }
  }

  private async open(
    actor: Actor,
    member: SecondedMember,
    communityId: string,
    options: {
      channel: Secondment['channel'];
      batchId?: string | null;
      transferFromId?: string;
      unitApproved?: boolean;
    },
  ): Promise<Secondment> {
    const now = this.clock.now();
    const secondment = await this.uow.repository(Secondment).save({
      memberId: member.id,
      unitId: member.unitId,
      communityId,
      channel: options.channel,
      batchId: options.batchId ?? null,
      transferFromId: options.transferFromId ?? null,
      status: options.unitApproved ? 'UNIT_APPROVED' : 'REQUESTED',
      requestedAt: now,
      unitApprovedAt: options.unitApproved ? now : null,
    });
    await this.audit.record(actor, {
      action: `secondment.${options.channel.toLowerCase()}_report_in`,
      entity: 'Secondment',
      entityId: secondment.id,
    });
    return secondment;
  }

  /**
   * A seconded member whose report-in the actor may file: the member
   * themself or their unit's HR. Anyone else does not find the member.
   */
  private async seconded(actor: Actor, memberId: string): Promise<SecondedMember> {
    const member = await this.members.byId(actor, memberId);
    const actsFor =
      member &&
      (isSelf(actor, member.id) || (member.unitId !== null && isHrOf(actor, member.unitId)));
    if (!member || !actsFor) throw CommonErrors.notFound({ 'zh-CN': '党员', en: 'Member' });
    if (member.kind !== 'SECONDED' || member.unitId === null) throw SecondmentErrors.notSeconded();
    return member as SecondedMember;
  }

  /** Seed 004: the community currently paired with the member's unit, or the one where they live. */
  private async requireEligible(member: SecondedMember, communityId: string): Promise<void> {
    if (member.residenceCommunityId === communityId) return;
    const paired = await this.organisation.holdCurrentPairing(member.unitId, communityId);
    if (!paired) throw SecondmentErrors.communityNotEligible();
  }

  private async requirePaired(unitId: string, communityId: string): Promise<void> {
    const paired = await this.organisation.holdCurrentPairing(unitId, communityId);
    if (!paired) throw SecondmentErrors.notPaired();
  }

  private async activeOf(memberId: string): Promise<Secondment | null> {
    return this.uow.repository(Secondment).findOneBy({ memberId, status: 'ACTIVE' });
  }

  private async lockBatch(id: string): Promise<RotationBatch> {
    const batch = await this.uow
      .repository(RotationBatch)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!batch) throw SecondmentErrors.batchNotFound();
    return batch;
  }

  /**
   * The unique indexes decide races the checks above cannot see (two
   * report-ins of one member at the same moment): their violation becomes
   * the same typed error the check would have given.
   */
  private guarded<T>(work: () => Promise<T>): Promise<T> {
    return mapConstraintViolations(work, {
      byName: {
        secondment_one_pending: SecondmentErrors.pending,
        secondment_one_active: SecondmentErrors.alreadyActive,
      },
    });
  }
}

type SecondedMember = MemberFacts & { unitId: string };
