import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_CONFIG, LOGGER, type AppConfig, type Logger } from '#core';
import { OutboxRelay } from './outbox-relay.js';

const BATCH = 100;

/**
 * Runs the relay in the worker process, for the queues it runs
 * (WORKER_QUEUES): drains full batches back to back,
 * then polls. A failing batch (database or Redis away) is logged and retried
 * after a pause; its rows stay pending, so nothing is lost.
 */
@Injectable()
export class OutboxRelayLoop implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly abort = new AbortController();

  constructor(
    private readonly relay: OutboxRelay,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const pause = this.config.outbox.pollIntervalMs;
    while (this.running) {
      let moved = 0;
      try {
        moved = await this.relay.relayBatch(BATCH, this.config.worker.queues);
      } catch (error) {
        this.logger.error({ err: error }, 'outbox relay batch failed');
      }
      if (moved < BATCH) {
        await sleep(pause, undefined, { signal: this.abort.signal }).catch(() => undefined);
      }
    }
  }
}
