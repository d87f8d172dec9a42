import { Injectable } from '@nestjs/common';
import { Clock, memberIdsOf, Validate, type Actor } from '#core';
import { mapConstraintViolations, sql, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { LiveEvents } from '#domain/live';
import { Notifier } from '#domain/notifications';
import { accountOf } from '#domain/tasks';
import { JOBS, Outbox } from '#queue';
import { PostsErrors } from './posts.errors.js';
import { ShiftSwapQueries } from './shift-swap-queries.service.js';
import { ShiftSwap } from './shift-swap.entity.js';

const NOTE = { 'zh-CN': '换班留言', en: 'Note' };

export interface RequestShiftSwapInput {
  readonly shiftId: string;
  readonly toMemberId: string;
  readonly note?: string | null;
}

/** A member's live booking on a shift that has not begun, locked. */
interface Booking {
  readonly id: string;
  readonly memberId: string;
  readonly shiftId: string;
  readonly postId: string;
  readonly communityId: string;
}

/**
 * What a member does with a shift they are booked on before it begins:
 * release it (it goes to the post's other claimants, then to dispatch), or
 * hand it to a fellow claimant, who must accept. Each is audited.
 */
@Injectable()
export class ShiftsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly notifier: Notifier,
    private readonly outbox: Outbox,
    private readonly swaps: ShiftSwapQueries,
    private readonly clock: Clock,
    private readonly live: LiveEvents,
  ) {}

  /**
   * Gives a booked shift back. The booking ends at once (the member is free
   * for other work at that time); the worker then offers the place to the
   * post's other claimants and, if none can take it, sends a task for it
   * out through dispatch (ShiftRefiller). A swap the member had asked for
   * is withdrawn with it.
   */
  async release(actor: Actor, shiftId: string): Promise<void> {
    await this.uow.run(async () => {
      const booking = await this.lockOwnBooking(actor, shiftId);
      await this.uow.query(sql`
        UPDATE assignment SET status = 'RELEASED', ended_at = ${this.clock.now()},
               ended_by = ${accountOf(actor)}::uuid
         WHERE id = ${booking.id}`);
      await this.cancelPendingSwap(booking.id);
      this.live.board({
        kind: 'SHIFT_COVERAGE',
        communityId: booking.communityId,
        postId: booking.postId,
      });
      await this.outbox.enqueue(JOBS.shiftRefill, {
        assignmentId: booking.id,
        idempotencyKey: `shift-refill:${booking.id}`,
      });
      await this.audit.record(actor, {
        action: 'shift.release',
        entity: 'Assignment',
        entityId: booking.id,
      });
    });
  }

  /**
   * Asks a fellow claimant of the post to take the shift over. The asker
   * stays booked until the other accepts. One open request per booking.
   */
  async requestSwap(actor: Actor, input: RequestShiftSwapInput): Promise<ShiftSwap> {
    const note = input.note?.trim() ? Validate.text('note', NOTE, input.note, 200) : '';
    return mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          const booking = await this.lockOwnBooking(actor, input.shiftId);
          if (!(await this.mayTakeOver(input.toMemberId, booking))) {
            throw PostsErrors.swapTarget();
          }
          const swap = await this.uow.repository(ShiftSwap).save({
            assignmentId: booking.id,
            fromMemberId: booking.memberId,
            toMemberId: input.toMemberId,
            note,
            status: 'PENDING',
            createdAt: this.clock.now(),
            answeredAt: null,
          });
          await this.notifier.notify({
            template: 'SHIFT_SWAP_REQUESTED',
            recipient: { memberId: input.toMemberId },
            subjectId: swap.id,
            key: `shift-swap:${swap.id}`,
          });
          await this.audit.record(actor, {
            action: 'shift.swap_request',
            entity: 'ShiftSwap',
            entityId: swap.id,
          });
          return swap;
        }),
      { byName: { shift_swap_one_pending: PostsErrors.swapPending } },
    );
  }

  /**
   * The other member's answer. Accepting moves the booking in one
   * transaction: the asker's ends, the taker's begins, so the place is never
   * empty nor held twice; the exclusion constraint refuses a taker booked
   * elsewhere at that time. Either way the asker is told.
   */
  async answerSwap(actor: Actor, swapId: string, accept: boolean): Promise<ShiftSwap> {
    return mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          // The booking before the swap, the order a release locks them in,
          // so an answer and a release at the same moment wait, never deadlock.
          await this.uow.query(sql`
            SELECT 1 FROM assignment
             WHERE id = (SELECT assignment_id FROM shift_swap WHERE id = ${swapId})
               FOR UPDATE`);
          const swap = await this.lockSwap(swapId, 'toMemberId', actor);
          const now = this.clock.now();
          if (accept) {
            const booking = await this.lockBooking(swap.assignmentId, swap.fromMemberId);
            if (!(await this.mayTakeOver(swap.toMemberId, booking))) {
              throw PostsErrors.swapTarget();
            }
            await this.uow.query(sql`
              UPDATE assignment SET status = 'RELEASED', ended_at = ${now},
                     ended_by = ${accountOf(actor)}::uuid
               WHERE id = ${booking.id}`);
            await this.uow.query(sql`
              INSERT INTO assignment (shift_id, member_id, slot_kind, source, booked, accepted_at)
              SELECT a.shift_id, m.id, m.kind, 'POST', a.booked, ${now}
                FROM assignment a, member m
               WHERE a.id = ${booking.id} AND m.id = ${swap.toMemberId}`);
            this.live.board({
              kind: 'SHIFT_COVERAGE',
              communityId: booking.communityId,
              postId: booking.postId,
            });
          }
          swap.status = accept ? 'ACCEPTED' : 'DECLINED';
          swap.answeredAt = now;
          await this.uow.repository(ShiftSwap).save(swap);
          await this.notifier.notify({
            template: 'SHIFT_SWAP_ANSWERED',
            recipient: { memberId: swap.fromMemberId },
            subjectId: swap.id,
            key: `shift-swap-answered:${swap.id}`,
          });
          await this.audit.record(actor, {
            action: accept ? 'shift.swap_accept' : 'shift.swap_decline',
            entity: 'ShiftSwap',
            entityId: swap.id,
          });
          return swap;
        }),
      {
        exclusion: PostsErrors.swapBusy,
        byName: { assignment_one_live_per_shift: PostsErrors.swapTarget },
      },
    );
  }

  /** The asker withdraws a request not yet answered. */
  async cancelSwap(actor: Actor, swapId: string): Promise<ShiftSwap> {
    return this.uow.run(async () => {
      const swap = await this.lockSwap(swapId, 'fromMemberId', actor);
      swap.status = 'CANCELLED';
      swap.answeredAt = this.clock.now();
      await this.uow.repository(ShiftSwap).save(swap);
      await this.audit.record(actor, {
        action: 'shift.swap_cancel',
        entity: 'ShiftSwap',
        entityId: swap.id,
      });
      return swap;
    });
  }

  /** The actor's live booking on the shift, locked; the shift must not have begun. */
  private async lockOwnBooking(actor: Actor, shiftId: string): Promise<Booking> {
    const [booking] = await this.uow.query<Booking & { live: boolean }>(sql`
      SELECT a.id, a.member_id AS "memberId", s.id AS "shiftId", s.post_id AS "postId",
             (SELECT community_id FROM post WHERE id = s.post_id) AS "communityId",
             (s.status = 'SCHEDULED' AND s.starts_at > ${this.clock.now()}) AS live
        FROM assignment a JOIN shift s ON s.id = a.shift_id
       WHERE a.shift_id = ${shiftId} AND a.member_id = ANY(${memberIdsOf(actor)}::uuid[])
         AND a.status = 'ACCEPTED'
         FOR UPDATE OF a`);
    if (!booking) throw PostsErrors.shiftNotFound();
    if (!booking.live) throw PostsErrors.shiftStarted();
    return booking;
  }

  /** The booking a swap hands over, locked, still the asker's and not begun. */
  private async lockBooking(assignmentId: string, memberId: string): Promise<Booking> {
    const [booking] = await this.uow.query<Booking & { live: boolean }>(sql`
      SELECT a.id, a.member_id AS "memberId", s.id AS "shiftId", s.post_id AS "postId",
             (SELECT community_id FROM post WHERE id = s.post_id) AS "communityId",
             (a.status = 'ACCEPTED' AND s.status = 'SCHEDULED' AND s.starts_at > ${this.clock.now()})
               AS live
        FROM assignment a JOIN shift s ON s.id = a.shift_id
       WHERE a.id = ${assignmentId} AND a.member_id = ${memberId}
         FOR UPDATE OF a`);
    if (!booking?.live) throw PostsErrors.shiftStarted();
    return booking;
  }

  /** A swap addressed to (or asked by) the actor, locked and still open. */
  private async lockSwap(
    swapId: string,
    party: 'toMemberId' | 'fromMemberId',
    actor: Actor,
  ): Promise<ShiftSwap> {
    const swap = await this.uow
      .repository(ShiftSwap)
      .createQueryBuilder('w')
      .where(`w.id = :swapId AND w.${party} = ANY(:memberIds)`, {
        swapId,
        memberIds: memberIdsOf(actor),
      })
      .setLock('pessimistic_write')
      .getOne();
    if (!swap) throw PostsErrors.swapNotFound();
    if (swap.status !== 'PENDING') throw PostsErrors.swapAnswered();
    return swap;
  }

  /** Whether `memberId` may take over the booking (ShiftSwapQueries.takers). */
  private async mayTakeOver(memberId: string, booking: Booking): Promise<boolean> {
    const takers = await this.swaps.takers(booking.shiftId, booking.memberId, memberId);
    return takers.length > 0;
  }

  private async cancelPendingSwap(assignmentId: string): Promise<void> {
    await this.uow.query(sql`
      UPDATE shift_swap SET status = 'CANCELLED', answered_at = ${this.clock.now()}
       WHERE assignment_id = ${assignmentId} AND status = 'PENDING'`);
  }
}
