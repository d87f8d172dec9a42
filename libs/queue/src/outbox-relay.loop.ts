import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, LOGGER, type AppConfig, type Logger } from '#core';
import { ChangeFeed } from '#database';
import { OutboxRelay } from './outbox-relay.js';

const BATCH = 100;

/**
 * Runs the relay in the worker process, for the queues it runs
 * (WORKER_QUEUES): drains full batches back to back, then waits for the
 * database to announce a committed outbox row (a statement trigger on
 * `outbox_message` notifies `outbox:`, delivered at commit on the pool's
 * connections: ChangeFeed), so a job leaves for BullMQ as soon as its
 * transaction commits. The poll interval stays as the fallback, for a
 * notification missed while no connection was listening. A failing batch
 * (database or Redis away) is logged and retried after a pause; its rows
 * stay pending, so nothing is lost.
 */
@Injectable()
export class OutboxRelayLoop implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running = false;
  private loop: Promise<void> | undefined;
  /** A row was announced since the last batch started: run again without waiting. */
  private announced = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly relay: OutboxRelay,
    feed: ChangeFeed,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    // Also called with no detail when a notification may have been missed.
    feed.subscribe('outbox', () => {
      this.announced = true;
      this.wake?.();
    });
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.announced = false;
      let moved = 0;
      let failed = false;
      try {
        moved = await this.relay.relayBatch(BATCH, this.config.worker.queues);
      } catch (error) {
        failed = true;
        this.logger.error({ err: error }, 'outbox relay batch failed');
      }
      if (moved < BATCH) await this.pause(failed);
    }
  }

  /**
   * Until the poll interval passes, or (unless after a failure) a row is
   * announced; not at all if one was announced during the batch, or when
   * shutting down.
   */
  private async pause(failed: boolean): Promise<void> {
    if (!this.running || (this.announced && !failed)) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.config.outbox.pollIntervalMs);
      const onWake = () => {
        if (!failed || !this.running) done();
      };
      this.wake = onWake;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
    this.wake = undefined;
  }
}
