import { Injectable } from '@nestjs/common';
import { Clock, type Actor, type Page, type PageRequest } from '#core';
import { toCondition } from '#database';
import { Community } from '#domain/organisation';
import { overdueSql } from './re-report.js';
import { SecondmentErrors } from './secondment.errors.js';
import { Secondment, type SecondmentStatus } from './secondment.entity.js';
import { PENDING, SecondmentStore } from './secondment-store.js';

export interface SecondmentFilter {
  readonly communityId?: string | null;
  readonly unitId?: string | null;
  readonly memberId?: string | null;
  readonly status?: SecondmentStatus | null;
}

/** Reads of secondments, each in the scope of the actor who asks. */
@Injectable()
export class SecondmentQueries {
  constructor(
    private readonly clock: Clock,
    private readonly store: SecondmentStore,
  ) {}

  async secondment(actor: Actor, id: string): Promise<Secondment> {
    const found = await this.store.scoped(actor).andWhere('s.id = :id', { id }).getOne();
    if (!found) throw SecondmentErrors.notFound();
    return found;
  }

  /** Secondments the actor may see, newest first; with `memberId`, a member's whole history. */
  async secondments(
    actor: Actor,
    filter: SecondmentFilter,
    page: PageRequest,
  ): Promise<Page<Secondment>> {
    const query = this.store.scoped(actor);
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
    const overdue = toCondition(overdueSql('s', 'c.time_zone', this.clock.now()));
    const query = this.store
      .scoped(actor)
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
    return this.store.scoped(actor).andWhere('s.id IN (:...ids)', { ids }).getMany();
  }

  /**
   * Batch read for loaders: each member's current secondment within scope —
   * the ACTIVE one, or else their pending request (a member waiting for a
   * transfer has both: the active one is where they serve today).
   */
  async currentOfMembers(actor: Actor, memberIds: readonly string[]): Promise<Secondment[]> {
    const found = await this.store
      .scoped(actor)
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

  /**
   * A rule check for other features (may this member join a team of the
   * community?): whether the member serves in the community now. A yes or
   * no, no record, so it needs no actor.
   */
  async isServingIn(memberId: string, communityId: string): Promise<boolean> {
    return this.store.isServingIn(memberId, communityId);
  }
}
