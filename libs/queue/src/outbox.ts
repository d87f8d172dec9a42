import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#database';
import { Clock, currentRequestId } from '#core';
import type { JobDefinition } from './job-definition.js';
import { assertIdsOnly, type JobPayload } from './job-payload.js';
import { OutboxMessage } from './outbox-message.entity.js';

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
    options: { delayMs?: number; priority?: number } = {},
  ): Promise<void> {
    if (!this.uow.inTransaction) {
      throw new Error('Outbox.enqueue must run inside UnitOfWork.run');
    }
    assertIdsOnly(payload);
    await this.uow.repository(OutboxMessage).insert({
      queue: job.queue,
      jobName: job.name,
      jobKey: job.jobId?.(payload) ?? null,
      payload,
      requestId: currentRequestId() ?? null,
      priority: options.priority ?? null,
      availableAt: new Date(this.clock.now().getTime() + (options.delayMs ?? 0)),
    });
  }
}
