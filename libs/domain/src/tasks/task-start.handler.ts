import { Inject, Injectable } from '@nestjs/common';
import { Clock, LOGGER, type Logger } from '#core';
import { UnitOfWork } from '#database';
import { HandlesJob, JOBS, type JobHandler } from '#queue';
import { TaskTransitions } from './task-transitions.service.js';
import { Task } from './task.entity.js';
import { TASK_WINDOW_OPENED } from './task-status.js';

/** Tasks started per transaction: short transactions, however many start at once. */
const BATCH = 200;

/**
 * Starts filled tasks when their window opens (the scheduled `task.start`).
 * Idempotent by construction: it re-reads what is due from the clock and the
 * database, and a started task is no longer FILLED. Rows another run holds
 * are skipped, so two workers never start one task twice.
 */
@Injectable()
@HandlesJob(JOBS.taskStart)
export class TaskStartHandler implements JobHandler<typeof JOBS.taskStart> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly transitions: TaskTransitions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(): Promise<void> {
    const now = this.clock.now();
    let started = 0;
    for (;;) {
      const batch = await this.uow.run(async () => {
        const due = await this.uow
          .repository(Task)
          .createQueryBuilder('t')
          .where("t.status = 'FILLED' AND t.startsAt <= :now", { now })
          .orderBy('t.startsAt')
          .limit(BATCH)
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getMany();
        for (const task of due)
          await this.transitions.move(task, 'IN_PROGRESS', null, TASK_WINDOW_OPENED);
        return due.length;
      });
      started += batch;
      if (batch < BATCH) break;
    }
    if (started > 0) this.logger.info({ started }, 'tasks started');
  }
}
