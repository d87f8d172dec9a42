import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Clock, CommonErrors, localDate, Validate, type Actor } from '#core';
import { UnitOfWork } from '#database';
import { MemberRecords } from '#domain/members';
import { administers, OrganisationService, PairingsService } from '#domain/organisation';
import { nextReReportDue } from './re-report.js';
import { RotationBatch } from './rotation-batch.entity.js';
import { SecondmentErrors } from './secondment.errors.js';
import { Secondment } from './secondment.entity.js';
import {
  expectStatus,
  isHrOf,
  isSelf,
  PENDING,
  SecondmentStore,
  type SecondedMember,
} from './secondment-store.js';

const REASON = { 'zh-CN': '驳回理由', en: 'Reason' };
const MAX_BATCH = 200;

/**
 * Report-in (报到) of seconded members, after seed 004: a member reports to
 * the community paired with their unit or the one they live in, either on
 * their own (REQUESTED, then approved by their unit's party organisation) or
 * sent by the unit in a batch (the unit's dispatch is its approval, so those
 * start at UNIT_APPROVED). The community's committee accepts and issues a
 * receipt number (ACTIVE), or rejects with a reason. Changing community
 * needs a transfer approved by the unit. What follows acceptance (re-reports,
 * the end) is the ServingService's; reads are the SecondmentQueries'.
 */
@Injectable()
export class SecondmentService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly organisation: OrganisationService,
    private readonly pairings: PairingsService,
    private readonly members: MemberRecords,
    private readonly store: SecondmentStore,
  ) {}

  /** Individual report-in, by the member or their unit's HR. */
  async reportIn(
    actor: Actor,
    input: { memberId: string; communityId: string },
  ): Promise<Secondment> {
    return this.store.guarded(() =>
      this.uow.run(async () => {
        const member = await this.seconded(actor, input.memberId);
        await this.requireEligible(member, input.communityId);
        if (await this.store.activeOf(member.id)) throw SecondmentErrors.alreadyActive();
        return this.store.open(actor, member, input.communityId, { channel: 'INDIVIDUAL' });
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
    return this.store.guarded(() =>
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
            await this.store.open(actor, member as SecondedMember, input.communityId, {
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
    return this.store.guarded(() =>
      this.uow.run(async () => {
        const member = await this.seconded(actor, input.memberId);
        const current = await this.store.activeOf(member.id);
        if (!current) throw SecondmentErrors.noActiveSecondment();
        if (current.communityId === input.communityId) throw SecondmentErrors.sameCommunity();
        await this.requireEligible(member, input.communityId);
        return this.store.open(actor, member, input.communityId, {
          channel: 'TRANSFER',
          transferFromId: current.id,
        });
      }),
    );
  }

  /** The member's unit approves a request (REQUESTED → UNIT_APPROVED). */
  async approveByUnit(actor: Actor, id: string): Promise<Secondment> {
    return this.store.transition(actor, id, 'secondment.unit_approve', (s) => {
      if (!isHrOf(actor, s.unitId)) throw CommonErrors.forbidden();
      expectStatus(s, ['REQUESTED'], { 'zh-CN': '由单位审批', en: 'approved by the unit' });
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
    return this.store.transition(actor, id, 'secondment.reject', (s) => {
      if (s.status === 'REQUESTED') {
        if (!isHrOf(actor, s.unitId)) throw CommonErrors.forbidden();
        s.rejectedStage = 'UNIT';
      } else if (s.status === 'UNIT_APPROVED') {
        if (!administers(actor, s.communityId)) throw CommonErrors.forbidden();
        s.rejectedStage = 'COMMUNITY';
      } else {
        expectStatus(s, PENDING, { 'zh-CN': '驳回', en: 'rejected' });
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
    return this.store.transition(actor, id, 'secondment.accept', async (s) => {
      if (!administers(actor, s.communityId)) throw CommonErrors.forbidden();
      expectStatus(s, ['UNIT_APPROVED'], { 'zh-CN': '接收', en: 'accepted' });
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
    const paired = await this.pairings.holdCurrentPairing(member.unitId, communityId);
    if (!paired) throw SecondmentErrors.communityNotEligible();
  }

  private async requirePaired(unitId: string, communityId: string): Promise<void> {
    const paired = await this.pairings.holdCurrentPairing(unitId, communityId);
    if (!paired) throw SecondmentErrors.notPaired();
  }

  private async lockBatch(id: string): Promise<RotationBatch> {
    const batch = await this.uow
      .repository(RotationBatch)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!batch) throw SecondmentErrors.batchNotFound();
    return batch;
  }
}
