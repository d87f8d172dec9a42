import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Clock, LOGGER, type Logger } from '#core';
import { UnitOfWork } from '#database';
import { findJob, JOB_CATALOGUE, type JobCatalogue } from './catalogue.js';
import { isScheduled } from './job-definition.js';
import { OutboxMessage } from './outbox-message.entity.js';
import { QueueRegistry } from './queue-registry.js';

/**
 * Moves committed outbox rows to BullMQ, with the options their catalogue
 * entry declares. Each job's id is the row's deterministic key, or else
 * derived from the row's job id, so a relay that dies after adding jobs but
 * before marking the rows adds the same ids again and BullMQ keeps one job
 * each. Rows are locked with SKIP LOCKED, so several relays may run side by
 * side.
 */
@Injectable()
export class OutboxRelay {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queues: QueueRegistry,
    private readonly clock: Clock,
    @Inject(JOB_CATALOGUE) private readonly catalogue: JobCatalogue,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Relays up to `limit` pending rows of `queues` (none given: every queue)
   * and returns how many it moved. A worker started for some queues relays
   * theirs only: rows of a queue no worker runs wait in the outbox, where
   * they are visible, rather than in Redis.
   */
  async relayBatch(limit = 100, queues: readonly string[] = []): Promise<number> {
    // Only jobs this process declares: a row of a job added by a newer
    // release waits for a relay that knows its options, without holding up
    // the others.
    const declared = this.catalogue.jobs
      .filter((job) => !isScheduled(job) && (queues.length === 0 || queues.includes(job.queue)))
      .map((job) => `${job.queue}/${job.name}`);
    if (declared.length === 0) return 0;
    return this.uow.run(async () => {
      const rows = await this.uow
        .repository(OutboxMessage)
        .createQueryBuilder('m')
        .where('m.relayedAt IS NULL')
        .andWhere("m.queue || '/' || m.jobName IN (:...declared)", { declared })
        .orderBy('m.id')
        .limit(limit)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (rows.length === 0) return 0;

      const now = this.clock.now();
      const byQueue = new Map<string, OutboxMessage[]>();
      for (const row of rows) {
        byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      }
      for (const [queue, messages] of byQueue) {
        await this.queues.get(queue).addBulk(
          messages.map((m) => {
            const job = findJob(this.catalogue, m.queue, m.jobName);
            // Unreachable (the query selects declared jobs only); narrows the type.
            if (!job || isScheduled(job))
              throw new Error(`Job "${m.queue}/${m.jobName}" is not declared`);
            return {
              name: m.jobName,
              data: m.payload,
              opts: {
                ...job.options,
                ...(m.priority !== null ? { priority: m.priority } : {}),
                jobId: m.jobKey ?? OutboxRelay.jobId(m.jobId),
                // Stamped with the domain clock, so that the job falls due
                // (timestamp + delay) at the row's availableAt in domain time:
                // the test helpers advance a test clock and promote by it.
                timestamp: now.getTime(),
                delay: Math.max(0, m.availableAt.getTime() - now.getTime()),
                // BullMQ keeps no free metadata on a job but this field (meant
                // for trace context; no tracer is configured): the worker reads
                // the request id back from it for the handler's log lines.
                ...(m.requestId ? { telemetry: { metadata: m.requestId } } : {}),
              },
            };
          }),
        );
      }
      await this.uow
        .repository(OutboxMessage)
        .update({ id: In(rows.map((r) => r.id)) }, { relayedAt: now });
      // One line per job, naming the request that caused it (the loop runs
      // outside any request, so the logger's mixin adds none of its own).
      for (const m of rows) {
        this.logger.debug(
          {
            queue: m.queue,
            jobName: m.jobName,
            outboxId: m.id,
            requestId: m.requestId ?? undefined,
          },
          'outbox job relayed',
        );
      }
      return rows.length;
    });
  }

  static jobId(outboxJobId: string): string {
    return `outbox-${outboxJobId}`;
  }
}
