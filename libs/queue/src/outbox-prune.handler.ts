import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Clock, LOGGER, type AppConfig, type Logger } from '#core';
import { LessThan } from 'typeorm';
import { UnitOfWork } from '#database';
import { JOBS } from './catalogue.js';
import { HandlesJob, type JobHandler } from './job-handler.js';
import { OutboxMessage } from './outbox-message.entity.js';

/**
 * Deletes outbox rows relayed longer ago than the retention period. They are
 * kept that long to follow a job back to the request that caused it; pending
 * rows are never touched. Idempotent by nature: a second run finds nothing.
 */
@Injectable()
@HandlesJob(JOBS.outboxPrune)
export class OutboxPruneHandler implements JobHandler<typeof JOBS.outboxPrune> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(): Promise<void> {
    const hours = this.config.outbox.retentionHours;
    const before = new Date(this.clock.now().getTime() - hours * 3_600_000);
    const { affected } = await this.uow
      .repository(OutboxMessage)
      .delete({ relayedAt: LessThan(before) });
    this.logger.info({ deleted: affected ?? 0, before }, 'relayed outbox rows pruned');
  }
}
