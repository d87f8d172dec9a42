import { Injectable } from '@nestjs/common';
import { Clock, memberIdsOf, type Actor } from '#core';
import { sql, UnitOfWork } from '#database';
import { mayServe } from './post-eligibility.js';
import type { ShiftSwapStatus } from './shift-swap.entity.js';

/** A swap request as either party sees it: the shift, and who asks whom. */
export interface ShiftSwapView {
  readonly id: string;
  readonly shiftId: string;
  readonly postName: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly fromMember: { readonly id: string; readonly name: string };
  readonly toMember: { readonly id: string; readonly name: string };
  readonly note: string;
  readonly status: ShiftSwapStatus;
  readonly createdAt: Date;
}

/** A fellow claimant a shift may be handed to. */
export interface SwapCandidate {
  readonly id: string;
  readonly name: string;
}

/** Open requests a member sees at most. */
const MAX_SWAPS = 100;

/** Reads of shift swaps, each limited to the member's own. */
@Injectable()
export class ShiftSwapQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /**
   * The actor's open swap requests, asked or received, whose shift has not
   * begun and whose booking is still the asker's: what still needs an answer.
   */
  async mySwaps(actor: Actor): Promise<ShiftSwapView[]> {
    const memberIds = memberIdsOf(actor);
    if (memberIds.length === 0) return [];
    return this.uow.query<ShiftSwapView>(sql`
      SELECT w.id, s.id AS "shiftId", p.name AS "postName", s.starts_at AS "startsAt",
             s.ends_at AS "endsAt", jsonb_build_object('id', f.id, 'name', f.name) AS "fromMember",
             jsonb_build_object('id', t.id, 'name', t.name) AS "toMember", w.note, w.status,
             w.created_at AS "createdAt"
        FROM shift_swap w
        JOIN assignment a ON a.id = w.assignment_id AND a.status = 'ACCEPTED'
        JOIN shift s ON s.id = a.shift_id AND s.status = 'SCHEDULED'
        JOIN post p ON p.id = s.post_id
        JOIN member f ON f.id = w.from_member_id
        JOIN member t ON t.id = w.to_member_id
       WHERE w.status = 'PENDING' AND s.starts_at > ${this.clock.now()}
         AND (w.from_member_id = ANY(${memberIds}::uuid[])
              OR w.to_member_id = ANY(${memberIds}::uuid[]))
       ORDER BY s.starts_at, w.id
       LIMIT ${MAX_SWAPS}`);
  }

  /**
   * Who the actor may hand their booked shift to. Nothing when the actor
   * holds no live booking on it (a shift is not theirs to probe).
   */
  async candidates(actor: Actor, shiftId: string): Promise<SwapCandidate[]> {
    const [holder] = await this.uow.query<{ memberId: string }>(sql`
      SELECT a.member_id AS "memberId"
        FROM assignment a JOIN shift s ON s.id = a.shift_id
       WHERE a.shift_id = ${shiftId} AND a.member_id = ANY(${memberIdsOf(actor)}::uuid[])
         AND a.status = 'ACCEPTED' AND s.starts_at > ${this.clock.now()}`);
    return holder ? this.takers(shiftId, holder.memberId) : [];
  }

  /**
   * The members who may take over `holderId`'s booking on a shift (only
   * `only`, when given): the post's other active claimants who may serve it
   * and are not on that shift already.
   */
  async takers(shiftId: string, holderId: string, only?: string): Promise<SwapCandidate[]> {
    return this.uow.query<SwapCandidate>(sql`
      SELECT m.id, m.name
        FROM shift s
        JOIN post p ON p.id = s.post_id
        JOIN task_type tt ON tt.id = p.task_type_id
        JOIN post_claim cl ON cl.post_id = p.id AND cl.status = 'ACTIVE'
        JOIN member m ON m.id = cl.member_id
       WHERE s.id = ${shiftId} AND m.id <> ${holderId}
         AND (${only ?? null}::uuid IS NULL OR m.id = ${only ?? null}::uuid)
         AND ${mayServe('m', 'p', 'tt')}
         AND NOT EXISTS (SELECT 1 FROM shift_booking b WHERE b.shift_id = s.id AND b.member_id = m.id)
       ORDER BY m.name COLLATE "zh-x-icu", m.id`);
  }
}
