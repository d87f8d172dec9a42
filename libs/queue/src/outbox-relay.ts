import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Clock, LOGGER, type Logger } from '#core';
import { UnitOfWork } from '#database';
import { OutboxMessage } from './outbox-message.entity.js';
import { QUEUES, type QueueName } from './queue-names.js';
import { QueueRegistry } from './queue-registry.js';

function isQueueName(name: string): name is QueueName {
  return Object.hasOwn(QUEUES, name);
}

/**
 * Moves committed outbox rows to BullMQ. Each job's id is derived from its
 * row's job id, so a relay that dies after adding jobs but before marking the rows adds
 * the same ids again and BullMQ keeps one job each. Rows are locked with SKIP
 * LOCKED, so several relays may run side by side.
 */
@Injectable()
export class OutboxRelay {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queues: QueueRegistry,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Relays up to `limit` pending rows and returns how many it moved. */
  async relayBatch(limit = 100): Promise<number> {
    return this.uow.run(async () => {
      const rows = await this.uow
        .repository(OutboxMessage)
        .createQueryBuilder('m')
        .where('m.relayedAt IS NULL')
        .orderBy('m.id')
        .limit(limit)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (rows.length === 0) return 0;

      const now = this.clock.now();
      const byQueue = new Map<QueueName, OutboxMessage[]>();
      for (const row of rows) {
        if (!isQueueName(row.queue)) {
          throw new Error(`Outbox row ${row.id} names unknown queue "${row.queue}"`);
        }
        byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      }
      for (const [queue, messages] of byQueue) {
        await this.queues.get(queue).addBulk(
          messages.map((m) => ({
            name: m.jobName,
            data: m.payload,
            opts: {
              jobId: OutboxRelay.jobId(m.jobId),
              delay: Math.max(0, m.availableAt.getTime() - now.getTime()),
            },
          })),
        );
      }
      await this.uow
        .repository(OutboxMessage)
        .update({ id: In(rows.map((r) => r.id)) }, { relayedAt: now });
      this.logger.debug({ count: rows.length }, 'outbox relayed');
      return rows.length;
    });
  }

  static jobId(outboxJobId: string): string {
    return `outbox-${outboxJobId}`;
  }
}
