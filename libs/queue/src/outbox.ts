import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#database';
import { Clock, currentRequestId } from '#core';
import type { JobDefinition } from './job-definition.js';
import { assertIdsOnly, type JobPayload } from './job-payload.js';
import { OutboxMessage } from './outbox-message.entity.js';

export interface EnqueueOptions {
  readonly delayMs?: number;
  readonly priority?: number;
}

/**
 * The producer port. A job is written as an outbox row inside the caller's
 * transaction, so it exists if and only if the change that caused it
 * committed; the worker's relay then hands it to BullMQ. The row keeps the
 * job's deterministic id (if its definition has one) and the id of the
 * request being served, so the job can be traced back to it. A priority
 * given here (a task's, for its dispatch) overrides the catalogue's.
 */
@Injectable()
export class Outbox {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async enqueue<P extends JobPayload>(
    job: JobDefinition<P>,
    payload: NoInfer<P>,
    options: EnqueueOptions = {},
  ): Promise<void> {
    await this.enqueueMany(job, [{ payload, ...options }]);
  }

  /** Several jobs of one definition, in one statement (a dispatch pass's offers, say). */
  async enqueueMany<P extends JobPayload>(
    job: JobDefinition<P>,
    jobs: readonly ({ payload: NoInfer<P> } & EnqueueOptions)[],
  ): Promise<void> {
    if (!this.uow.inTransaction) {
      throw new Error('Outbox.enqueue must run inside UnitOfWork.run');
    }
    if (jobs.length === 0) return;
    for (const { payload } of jobs) assertIdsOnly(payload);
    const now = this.clock.now().getTime();
    const requestId = currentRequestId() ?? null;
    await this.uow.repository(OutboxMessage).insert(
      jobs.map(({ payload, delayMs, priority }) => ({
        queue: job.queue,
        jobName: job.name,
        jobKey: job.jobId?.(payload) ?? null,
        payload,
        requestId,
        priority: priority ?? null,
        availableAt: new Date(now + (delayMs ?? 0)),
      })),
    );
  }
}
