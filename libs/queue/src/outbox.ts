import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#database';
import { Clock } from '#core';
import { assertIdsOnly, type JobPayload } from './job-payload.js';
import { OutboxMessage } from './outbox-message.entity.js';
import type { QueueName } from './queue-names.js';

/**
 * The producer port. A job is written as an outbox row inside the caller's
 * transaction, so it exists if and only if the change that caused it
 * committed; the worker's relay then hands it to BullMQ.
 */
@Injectable()
export class Outbox {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async enqueue(
    queue: QueueName,
    jobName: string,
    payload: JobPayload,
    options: { delayMs?: number } = {},
  ): Promise<void> {
    if (!this.uow.inTransaction) {
      throw new Error('Outbox.enqueue must run inside UnitOfWork.run');
    }
    assertIdsOnly(payload);
    await this.uow.repository(OutboxMessage).insert({
      queue,
      jobName,
      payload,
      availableAt: new Date(this.clock.now().getTime() + (options.delayMs ?? 0)),
    });
  }
}
