import { Injectable } from '@nestjs/common';
import { Clock, memberIdsOf, type Actor } from '#core';
import { mapConstraintViolations, sql, UnitOfWork } from '#database';
import type { MemberKind } from '#domain/members';
import { accountOf, TaskTransitions, type Task } from '#domain/tasks';
import { Assignment } from './assignment.entity.js';
import { DispatchErrors } from './dispatch.errors.js';
import { DispatchSteps } from './dispatch-steps.js';
import { Matcher } from './matcher.js';
import { hasRoomFor } from './slot-plan.js';
import { TaskOffer } from './task-offer.entity.js';

/** Two bookings of one member at once, or of one task twice: the constraints decide races. */
const BOOKING_RACES = {
  exclusion: DispatchErrors.memberBusy,
  byName: { assignment_one_live_per_task: DispatchErrors.alreadyBooked },
};

/**
 * A member's side of dispatch: answer their own offers, claim an open task
 * (领单), withdraw before the start. Accepting and claiming lock the task
 * row, so however many members answer at once a task gets no more members
 * than its slots; the database's exclusion constraint keeps any member from
 * being booked twice in overlapping windows. A member only ever reaches
 * their own offers and assignments: anyone else's id is NOT_FOUND.
 */
@Injectable()
export class OffersService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly steps: DispatchSteps,
    private readonly transitions: TaskTransitions,
    private readonly matcher: Matcher,
    private readonly clock: Clock,
  ) {}

  /** Accepts an open offer: a booking, or TASK_FULL when the slots went first. */
  async accept(actor: Actor, offerId: string): Promise<Assignment> {
    const { assignment, closed } = await mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          const task = await this.lockTaskOfOwnOffer(actor, offerId);
          const [offer] = await this.uow.query<{
            status: string;
            memberId: string;
            kind: MemberKind;
            expiresAt: Date;
          }>(
            sql`SELECT status, member_id AS "memberId", slot_kind AS kind, expires_at AS "expiresAt"
                  FROM task_offer WHERE id = ${offerId}`,
          );
          if (!offer) throw DispatchErrors.offerNotFound();
          if (task.status === 'FILLED') throw DispatchErrors.taskFull();
          const now = this.clock.now();
          // Its expiry or the window start may not have been processed yet
          // (the timers queue can lag): the times decide, not the timers.
          if (
            offer.status !== 'PENDING' ||
            task.status !== 'DISPATCHING' ||
            offer.expiresAt <= now
          ) {
            throw DispatchErrors.offerClosed();
          }
          if (task.startsAt <= now) throw DispatchErrors.alreadyStarted();
          const counts = await this.steps.slotCounts(task.id);
          if (!hasRoomFor(task, counts.live, offer.kind)) throw DispatchErrors.taskFull();
          await this.uow.query(sql`
            UPDATE task_offer SET status = 'ACCEPTED', answered_at = ${this.clock.now()}
             WHERE id = ${offerId}`);
          const assignment = await this.book(task, offer.memberId, offer.kind, offerId);
          const withdrawn = await this.steps.afterBooking(task, actor);
          return { assignment, closed: [offerId, ...withdrawn] };
        }),
      BOOKING_RACES,
    );
    await this.steps.removeExpiryJobs(closed);
    return assignment;
  }

  /** Declines an open offer; the next candidate is asked at once. */
  async decline(actor: Actor, offerId: string): Promise<TaskOffer> {
    const offer = await this.uow.run(async () => {
      const task = await this.lockTaskOfOwnOffer(actor, offerId);
      const [declined] = await this.uow.query<{ round: number }>(sql`
        UPDATE task_offer SET status = 'DECLINED', answered_at = ${this.clock.now()}
         WHERE id = ${offerId} AND status = 'PENDING' RETURNING round`);
      if (!declined) throw DispatchErrors.offerClosed();
      if (task.status === 'DISPATCHING' && declined.round === task.dispatchRound) {
        await this.steps.requestPass(task);
      }
      return this.uow.repository(TaskOffer).findOneByOrFail({ id: offerId });
    });
    await this.steps.removeExpiryJobs([offerId]);
    return offer;
  }

  /**
   * Claims an open task (领单) the member may do, by the same hard filters
   * as an offer.
   */
  async claim(actor: Actor, taskId: string): Promise<Assignment> {
    const memberId = this.memberOf(actor);
    const closed = await mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          const task = await this.steps.lockTask(taskId);
          if (!task) throw DispatchErrors.taskNotFound();
          const [member] = await this.uow.query<{ kind: MemberKind }>(
            sql`SELECT kind FROM member WHERE id = ${memberId}`,
          );
          if (!member) throw DispatchErrors.taskNotFound();
          const open = await this.matcher.openTaskIds(memberId, this.clock.now(), taskId);
          if (open.length === 0) {
            const counts = await this.steps.slotCounts(task.id);
            const full =
              task.status === 'FILLED' ||
              (task.status === 'DISPATCHING' && !hasRoomFor(task, counts.live, member.kind));
            throw full ? DispatchErrors.taskFull() : DispatchErrors.notClaimable();
          }
          const assignment = await this.book(task, memberId, member.kind, null);
          return { assignment, withdrawn: await this.steps.afterBooking(task, actor) };
        }),
      BOOKING_RACES,
    );
    await this.steps.removeExpiryJobs(closed.withdrawn);
    return closed.assignment;
  }

  /**
   * Leaves an accepted task before it starts: the slot opens again and the
   * next candidate is asked. A FILLED task dispatches once more in a new
   * round, as a re-dispatch does: members whose offers were withdrawn when
   * it filled (or had expired) may be asked again, as an offer is once per
   * member and round; those who declined, and the member who left, stay
   * out; escalation starts again from nobody.
   */
  async withdraw(actor: Actor, assignmentId: string): Promise<Assignment> {
    const memberIds = memberIdsOf(actor);
    const { assignment, withdrawn } = await this.uow.run(async () => {
      const [own] = await this.uow.query<{ taskId: string }>(sql`
        SELECT task_id AS "taskId" FROM assignment
         WHERE id = ${assignmentId} AND member_id = ANY(${memberIds}::uuid[])
           AND task_id IS NOT NULL`);
      if (!own) throw DispatchErrors.assignmentNotFound();
      const task = await this.steps.lockTask(own.taskId);
      if (!task) throw DispatchErrors.assignmentNotFound();
      if (task.startsAt <= this.clock.now()) throw DispatchErrors.alreadyStarted();
      const [left] = await this.uow.query<{ id: string }>(sql`
        UPDATE assignment SET status = 'WITHDRAWN', ended_at = ${this.clock.now()},
               ended_by = ${accountOf(actor)}::uuid
         WHERE id = ${assignmentId} AND status = 'ACCEPTED' RETURNING id`);
      if (!left) throw DispatchErrors.assignmentClosed();
      let withdrawn: string[] = [];
      if (task.status === 'FILLED') {
        await this.transitions.move(task, 'DISPATCHING', actor, '党员退出');
        withdrawn = await this.steps.startRound(task);
      } else if (task.status === 'DISPATCHING') {
        await this.steps.requestPass(task);
      }
      const assignment = await this.uow
        .repository(Assignment)
        .findOneByOrFail({ id: assignmentId });
      return { assignment, withdrawn };
    });
    await this.steps.removeExpiryJobs(withdrawn);
    return assignment;
  }

  /** The task of one of the actor's own offers, locked; NOT_FOUND for anyone else's. */
  private async lockTaskOfOwnOffer(actor: Actor, offerId: string): Promise<Task> {
    const [own] = await this.uow.query<{ taskId: string }>(sql`
      SELECT task_id AS "taskId" FROM task_offer
       WHERE id = ${offerId} AND member_id = ANY(${memberIdsOf(actor)}::uuid[])`);
    if (!own) throw DispatchErrors.offerNotFound();
    const task = await this.steps.lockTask(own.taskId);
    if (!task) throw DispatchErrors.offerNotFound();
    return task;
  }

  /** Books the member for the task's window; the constraints refuse a double booking. */
  private async book(
    task: Task,
    memberId: string,
    kind: MemberKind,
    offerId: string | null,
  ): Promise<Assignment> {
    const [assignment] = await this.uow.query<{ id: string }>(sql`
      INSERT INTO assignment (task_id, member_id, slot_kind, source, offer_id, booked, accepted_at)
      VALUES (${task.id}, ${memberId}, ${kind}, ${offerId === null ? 'CLAIM' : 'OFFER'},
              ${offerId}::uuid, tstzrange(${task.startsAt}, ${task.endsAt}), ${this.clock.now()})
      RETURNING id`);
    if (!assignment) throw new Error('assignment insert returned nothing');
    return this.uow.repository(Assignment).findOneByOrFail({ id: assignment.id });
  }

  /** The member the actor signs in as; claiming is for members. */
  private memberOf(actor: Actor): string {
    const [memberId] = memberIdsOf(actor);
    if (!memberId) throw DispatchErrors.notClaimable();
    return memberId;
  }
}
