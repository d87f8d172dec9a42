import { Injectable } from '@nestjs/common';
import { Clock, Validate, type Actor } from '#core';
import { sql, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { Notifier } from '#domain/notifications';
import { administers } from '#domain/organisation';
import { accountOf, TaskTransitions, type Task } from '#domain/tasks';
import { Assignment } from './assignment.entity.js';
import { DispatchErrors } from './dispatch.errors.js';
import { DispatchSteps } from './dispatch-steps.js';

const REASON = { 'zh-CN': '原因', en: 'Reason' };

/**
 * The committee's (and operators') dispatch actions: publish a task, cancel
 * it, send it out again, record a no-show. Each locks the task row, so it
 * runs between dispatch passes and members' answers, never in the middle of
 * one; each is audited.
 */
@Injectable()
export class DispatchService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly steps: DispatchSteps,
    private readonly transitions: TaskTransitions,
    private readonly notifier: Notifier,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** DRAFT → DISPATCHING: the first round's pass is queued in the same transaction. */
  async publish(actor: Actor, taskId: string): Promise<Task> {
    return this.uow.run(async () => {
      const task = await this.administered(actor, taskId);
      if (task.status !== 'DRAFT') throw DispatchErrors.wrongStatus();
      // Nobody can be found for a window already begun: it would only be UNFILLED at once.
      if (task.startsAt <= this.clock.now()) throw DispatchErrors.alreadyStarted();
      await this.transitions.move(task, 'DISPATCHING', actor);
      await this.steps.startRound(task);
      await this.audit.record(actor, { action: 'task.publish', entity: 'Task', entityId: task.id });
      return task;
    });
  }

  /**
   * DRAFT → DISPATCHING by the system, for a task it drafted itself in the
   * caller's transaction (a released shift place): recorded with no account
   * and `reason` in the task's history.
   */
  async publishBySystem(task: Task, reason: string): Promise<void> {
    await this.transitions.move(task, 'DISPATCHING', null, reason);
    await this.steps.startRound(task);
  }

  /**
   * Cancels a task not yet completed: open offers are withdrawn and booked
   * members released, each told.
   */
  async cancel(actor: Actor, taskId: string, reason: string): Promise<Task> {
    const why = Validate.text('reason', REASON, reason, 500);
    const { task, withdrawn } = await this.uow.run(async () => {
      const task = await this.administered(actor, taskId);
      if (task.status === 'COMPLETED' || task.status === 'CANCELLED') {
        throw DispatchErrors.wrongStatus();
      }
      const withdrawn = await this.steps.withdrawPending(task);
      const released = await this.uow.query<{ id: string; memberId: string }>(sql`
        UPDATE assignment SET status = 'CANCELLED', ended_at = ${this.clock.now()},
               ended_by = ${accountOf(actor)}::uuid
         WHERE task_id = ${task.id} AND status = 'ACCEPTED'
        RETURNING id, member_id AS "memberId"`);
      for (const assignment of released) {
        await this.notifier.notify({
          template: 'ASSIGNMENT_CANCELLED',
          recipient: { memberId: assignment.memberId },
          subjectId: assignment.id,
          key: `assignment-cancelled:${assignment.id}`,
        });
      }
      await this.transitions.move(task, 'CANCELLED', actor, why);
      await this.audit.record(actor, { action: 'task.cancel', entity: 'Task', entityId: task.id });
      return { task, withdrawn };
    });
    await this.steps.removeExpiryJobs(withdrawn);
    return task;
  }

  /**
   * A new round for a task nobody filled (UNFILLED) or one stuck
   * dispatching: escalation starts again, members who declined stay out.
   */
  async redispatch(actor: Actor, taskId: string): Promise<Task> {
    const { task, withdrawn } = await this.uow.run(async () => {
      const task = await this.administered(actor, taskId);
      if (task.startsAt <= this.clock.now()) throw DispatchErrors.alreadyStarted();
      if (task.status === 'UNFILLED') await this.transitions.move(task, 'DISPATCHING', actor);
      else if (task.status !== 'DISPATCHING') throw DispatchErrors.wrongStatus();
      const withdrawn = await this.steps.startRound(task);
      await this.audit.record(actor, {
        action: 'task.redispatch',
        entity: 'Task',
        entityId: task.id,
      });
      return { task, withdrawn };
    });
    await this.steps.removeExpiryJobs(withdrawn);
    return task;
  }

  /** A booked member did not come: recorded once the task's window has started. */
  async recordNoShow(actor: Actor, assignmentId: string): Promise<Assignment> {
    return this.uow.run(async () => {
      const [booked] = await this.uow.query<{ taskId: string }>(
        sql`SELECT task_id AS "taskId" FROM assignment
               WHERE id = ${assignmentId} AND task_id IS NOT NULL`,
      );
      if (!booked) throw DispatchErrors.assignmentNotFound();
      const task = await this.administered(actor, booked.taskId, DispatchErrors.assignmentNotFound);
      if (task.startsAt > this.clock.now()) throw DispatchErrors.notStarted();
      const [marked] = await this.uow.query<{ id: string }>(sql`
        UPDATE assignment SET status = 'NO_SHOW', ended_at = ${this.clock.now()},
               ended_by = ${accountOf(actor)}::uuid
         WHERE id = ${assignmentId} AND status = 'ACCEPTED' RETURNING id`);
      if (!marked) throw DispatchErrors.assignmentClosed();
      await this.audit.record(actor, {
        action: 'assignment.no_show',
        entity: 'Assignment',
        entityId: assignmentId,
      });
      return this.uow.repository(Assignment).findOneByOrFail({ id: assignmentId });
    });
  }

  /** The task, locked, if the actor is its community's committee (or an operator); NOT_FOUND otherwise. */
  private async administered(
    actor: Actor,
    taskId: string,
    notFound: () => Error = DispatchErrors.taskNotFound,
  ): Promise<Task> {
    const task = await this.steps.lockTask(taskId);
    if (!task || !administers(actor, task.communityId)) throw notFound();
    return task;
  }
}
