import { Injectable } from '@nestjs/common';
import { Clock, type Actor } from '#core';
import { UnitOfWork } from '#database';
import { LiveEvents } from '#domain/live';
import { canMove } from './task-status.js';
import { TaskTransition } from './task-transition.entity.js';
import { Task, type TaskStatus } from './task.entity.js';
import { TasksErrors } from './tasks.errors.js';

/**
 * The account a change is recorded under: a signed-in actor's, or null for
 * the system (the seed, a scheduled job), which acts without a session and
 * has no account row to point at.
 */
export function accountOf(actor: Actor | null): string | null {
  return actor?.sessionId ? actor.accountId : null;
}

/**
 * The one way a task's status changes: checked against the status machine
 * and recorded in the task's append-only history, with who (null: the
 * system) and when. Every feature that moves tasks (the committee's
 * mutations, dispatch, the start schedule) goes through it, and the
 * community's live board hears of each move once it commits.
 */
@Injectable()
export class TaskTransitions {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly live: LiveEvents,
  ) {}

  /**
   * Moves `task` to `to`; the caller holds the task's row lock inside its
   * unit of work, and has checked a reason that came from input (at most
   * 500 characters, Validate.text). TASK_STATUS_CONFLICT when the machine
   * forbids the move or the stored status is no longer the one the caller read.
   */
  async move(task: Task, to: TaskStatus, by: Actor | null, reason?: string): Promise<void> {
    this.requireTransaction();
    const from = task.status;
    if (!canMove(from, to)) throw TasksErrors.statusConflict(from, to);
    const now = this.clock.now();
    const { affected } = await this.uow
      .repository(Task)
      .update({ id: task.id, status: from }, { status: to, updatedAt: now });
    if (affected !== 1) throw TasksErrors.statusConflict(from, to);
    await this.append(task.id, from, to, by, reason ?? null, now);
    task.status = to;
    task.updatedAt = now;
    this.live.board({
      kind: 'TASK_STATUS',
      communityId: task.communityId,
      taskId: task.id,
      status: to,
    });
  }

  /** The first line of a new task's history: from nothing to DRAFT. */
  async created(task: Task, by: Actor | null): Promise<void> {
    this.requireTransaction();
    await this.append(task.id, null, 'DRAFT', by, null, task.createdAt);
  }

  /** A status and its history line commit together, or neither does. */
  private requireTransaction(): void {
    if (!this.uow.inTransaction) throw new Error('TaskTransitions runs inside UnitOfWork.run');
  }

  private async append(
    taskId: string,
    from: TaskStatus | null,
    to: TaskStatus,
    by: Actor | null,
    reason: string | null,
    at: Date,
  ): Promise<void> {
    await this.uow.repository(TaskTransition).insert({
      taskId,
      fromStatus: from,
      toStatus: to,
      accountId: accountOf(by),
      reason,
      occurredAt: at,
    });
  }
}
