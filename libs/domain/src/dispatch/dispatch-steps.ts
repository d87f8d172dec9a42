import { Inject, Injectable } from '@nestjs/common';
import { Clock, LOGGER, type Actor, type Logger } from '#core';
import { sql, UnitOfWork } from '#database';
import type { MemberKind } from '#domain/members';
import { Notifier } from '#domain/notifications';
import { Task, TaskTransitions, type TaskPriority } from '#domain/tasks';
import {
  JOBS,
  offerExpiryJobId,
  Outbox,
  QueueRegistry,
  roundOfKey,
  type JobDefinition,
  type TaskDispatchPayload,
} from '#queue';
import { isFull, type SlotCounts } from './slot-plan.js';

const NO_SLOTS_TAKEN: SlotCounts = {
  live: { RESIDENT: 0, SECONDED: 0 },
  pending: { RESIDENT: 0, SECONDED: 0 },
};

/** BullMQ priority of a task's dispatch jobs: EMERGENCY first. */
const PRIORITY: Record<TaskPriority, number> = { EMERGENCY: 1, URGENT: 2, NORMAL: 3 };

/** Each category's dispatch queue. */
export function dispatchJobOf(task: Pick<Task, 'category'>): JobDefinition<TaskDispatchPayload> {
  return {
    ROUTINE: JOBS.dispatchRoutine,
    PROFESSIONAL: JOBS.dispatchProfessional,
    JOINT: JOBS.dispatchJoint,
  }[task.category];
}

/** A task's pass waiting in its queue, as its job says. */
export interface QueuedPass {
  readonly jobId: string;
  readonly taskId: string;
  readonly round: number;
}

export const dispatchKey = (task: Pick<Task, 'id' | 'dispatchRound'>) =>
  `dispatch:${task.id}:${String(task.dispatchRound)}`;

/**
 * The steps the committee's actions, the worker's dispatch passes and the
 * members' answers share, each inside the caller's transaction with the task
 * row locked: so a pass, an accept and a cancel of one task run one after
 * the other, and each sees what the one before committed.
 */
@Injectable()
export class DispatchSteps {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly notifier: Notifier,
    private readonly transitions: TaskTransitions,
    private readonly queues: QueueRegistry,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The task, locked until the transaction ends; null if there is none. */
  async lockTask(taskId: string): Promise<Task | null> {
    return this.uow
      .repository(Task)
      .createQueryBuilder('t')
      .where('t.id = :taskId', { taskId })
      .setLock('pessimistic_write')
      .getOne();
  }

  /**
   * Of the tasks of `passes`, those no other transaction holds, locked, and
   * still dispatching in the pass's round. Never waits (SKIP LOCKED): a task
   * being answered or passed right now is left to its own job.
   */
  async lockIfFree(passes: readonly QueuedPass[]): Promise<Task[]> {
    if (passes.length === 0) return [];
    const tasks = await this.uow
      .repository(Task)
      .createQueryBuilder('t')
      .where('t.id IN (:...ids)', { ids: passes.map((p) => p.taskId) })
      .orderBy('t.id')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    return tasks.filter(
      (task) =>
        task.status === 'DISPATCHING' &&
        passes.some((p) => p.taskId === task.id && p.round === task.dispatchRound),
    );
  }

  /**
   * Up to `limit` passes of other tasks waiting in `job`'s queue, highest
   * priority first. Best effort: without Redis there are none.
   */
  async waitingPasses(
    job: JobDefinition<TaskDispatchPayload>,
    except: string,
    limit: number,
  ): Promise<QueuedPass[]> {
    try {
      const jobs = await this.queues
        .get(job.queue)
        .getJobs(['prioritized', 'waiting'], 0, limit - 1, true);
      return jobs.flatMap((queued) => {
        const data = queued.data as Partial<TaskDispatchPayload>;
        if (queued.name !== job.name || !queued.id || !data.taskId || !data.idempotencyKey) {
          return [];
        }
        if (data.taskId === except) return [];
        return [{ jobId: queued.id, taskId: data.taskId, round: roundOfKey(data.idempotencyKey) }];
      });
    } catch (err) {
      this.logger.warn({ err }, 'waiting dispatch jobs not read');
      return [];
    }
  }

  /** Removes jobs whose work is committed; one running meanwhile stays and does nothing. */
  async removeJobs(job: JobDefinition<TaskDispatchPayload>, jobIds: readonly string[]) {
    const queue = this.queues.get(job.queue);
    // At once: a batch's removals share the connection's round trips.
    await Promise.all(
      jobIds.map((jobId) =>
        queue.remove(jobId).catch((err: unknown) => {
          this.logger.debug({ err, jobId }, 'dispatch job taken along not removed');
        }),
      ),
    );
  }

  async slotCounts(taskId: string): Promise<SlotCounts> {
    const counts = await this.slotCountsOf([taskId]);
    return counts.get(taskId) ?? NO_SLOTS_TAKEN;
  }

  /** The slot counts of several tasks in one statement. */
  async slotCountsOf(taskIds: readonly string[]): Promise<Map<string, SlotCounts>> {
    const rows = await this.uow.query<{
      taskId: string;
      kind: MemberKind;
      live: number;
      pending: number;
    }>(sql`
      SELECT t.id AS "taskId", k.kind,
             (SELECT count(*)::int FROM assignment a
               WHERE a.task_id = t.id AND a.status = 'ACCEPTED' AND a.slot_kind = k.kind) AS live,
             (SELECT count(*)::int FROM task_offer o
               WHERE o.task_id = t.id AND o.status = 'PENDING' AND o.slot_kind = k.kind) AS pending
        FROM unnest(${taskIds}::uuid[]) AS t (id)
       CROSS JOIN (VALUES ('RESIDENT'), ('SECONDED')) k (kind)`);
    const counts = new Map<string, SlotCounts>();
    for (const taskId of taskIds) {
      const of = (field: 'live' | 'pending', kind: MemberKind) =>
        rows.find((row) => row.taskId === taskId && row.kind === kind)?.[field] ?? 0;
      counts.set(taskId, {
        live: { RESIDENT: of('live', 'RESIDENT'), SECONDED: of('live', 'SECONDED') },
        pending: { RESIDENT: of('pending', 'RESIDENT'), SECONDED: of('pending', 'SECONDED') },
      });
    }
    return counts;
  }

  /** Whether the task has offers still open (a pass that made none need not escalate). */
  async hasPending(taskId: string): Promise<boolean> {
    const [row] = await this.uow.query<{ pending: boolean }>(sql`
      SELECT EXISTS (SELECT 1 FROM task_offer
                      WHERE task_id = ${taskId} AND status = 'PENDING') AS pending`);
    return row?.pending ?? false;
  }

  /** Asks the worker for one more dispatch pass of the task's current round. */
  async requestPass(task: Task): Promise<void> {
    await this.outbox.enqueue(
      dispatchJobOf(task),
      { taskId: task.id, idempotencyKey: dispatchKey(task) },
      { priority: PRIORITY[task.priority] },
    );
  }

  /**
   * Starts a new round: offers of earlier rounds that are still open are
   * withdrawn, escalation starts again from nobody, the first pass is
   * queued, and a timer makes the task UNFILLED if its window starts first.
   */
  async startRound(task: Task): Promise<string[]> {
    const withdrawn = await this.withdrawPending(task);
    task.dispatchRound += 1;
    task.escalation = 'NONE';
    task.escalatedAt = null;
    await this.uow.repository(Task).update(task.id, {
      dispatchRound: task.dispatchRound,
      escalation: 'NONE',
      escalatedAt: null,
      updatedAt: this.clock.now(),
    });
    await this.requestPass(task);
    await this.outbox.enqueue(
      JOBS.windowStart,
      { taskId: task.id, idempotencyKey: `window-start:${task.id}:${String(task.dispatchRound)}` },
      { delayMs: Math.max(0, task.startsAt.getTime() - this.clock.now().getTime()) },
    );
    return withdrawn;
  }

  /**
   * Withdraws the task's open offers and tells their members. Returns the
   * offers, whose expiry jobs the caller removes once committed.
   */
  async withdrawPending(task: Task): Promise<string[]> {
    const offers = await this.uow.query<{ id: string; memberId: string }>(sql`
      UPDATE task_offer SET status = 'WITHDRAWN', answered_at = ${this.clock.now()}
       WHERE task_id = ${task.id} AND status = 'PENDING'
      RETURNING id, member_id AS "memberId"`);
    await this.notifier.notifyMany(
      offers.map((offer) => ({
        template: 'OFFER_WITHDRAWN',
        recipient: { memberId: offer.memberId },
        subjectId: offer.id,
        key: `offer-withdrawn:${offer.id}`,
      })),
    );
    return offers.map((offer) => offer.id);
  }

  /**
   * After an accept or claim: when every slot is taken the task is FILLED and
   * the offers still open are withdrawn (returned, for their expiry jobs);
   * otherwise, when no offer is left open, a pass is asked for, since
   * nothing else would ask: it offers the remaining slots to the next
   * candidates, or escalates when nobody is left.
   */
  async afterBooking(task: Task, by: Actor | null): Promise<string[]> {
    const counts = await this.slotCounts(task.id);
    if (isFull(task, counts.live)) {
      await this.transitions.move(task, 'FILLED', by);
      return this.withdrawPending(task);
    }
    if (counts.pending.RESIDENT + counts.pending.SECONDED === 0) await this.requestPass(task);
    return [];
  }

  /**
   * Removes the expiry jobs of offers answered or withdrawn, once that has
   * committed. Best effort: a job that is running or not yet relayed stays,
   * and its handler finds the offer closed and does nothing.
   */
  async removeExpiryJobs(offerIds: readonly string[]): Promise<void> {
    const queue = this.queues.get(JOBS.offerExpiry.queue);
    for (const offerId of offerIds) {
      try {
        await queue.remove(offerExpiryJobId(offerId));
      } catch (err) {
        this.logger.warn({ err, offerId }, 'offer expiry job not removed');
      }
    }
  }
}
