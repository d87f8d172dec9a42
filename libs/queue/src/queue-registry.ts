import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Queue, type Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG, LOGGER, type AppConfig, type Logger } from '#core';
import { JOB_CATALOGUE, type JobCatalogue } from './catalogue.js';
import { assertNoEviction } from './redis-policy.js';

/**
 * Owns the Redis connection and one BullMQ {@link Queue} per queue of the
 * catalogue (each job brings its own options: see the catalogue).
 * Keys live under the configured prefix, so test runs never see each other's
 * jobs.
 */
@Injectable()
export class QueueRegistry implements OnModuleInit, OnApplicationShutdown {
  readonly connection: Redis;
  readonly prefix: string;
  private readonly queues = new Map<string, Queue>();
  private readonly consumers: Worker[] = [];

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(JOB_CATALOGUE) private readonly catalogue: JobCatalogue,
  ) {
    // BullMQ needs maxRetriesPerRequest null: a blocked command must not time out.
    this.connection = new Redis(config.redis.url, {
      maxRetriesPerRequest: null,
      lazyConnect: true,
    });
    this.prefix = config.redis.keyPrefix;
  }

  async onModuleInit(): Promise<void> {
    await this.connection.connect();
    await assertNoEviction(this.connection, this.logger);
  }

  get(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      if (!this.catalogue.queues.some((declared) => declared.name === name)) {
        throw new Error(`Queue "${name}" is not declared in the job catalogue`);
      }
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Records a BullMQ worker of this process, for the readiness probe (JobWorkers starts and stops them). */
  addConsumer(worker: Worker): void {
    this.consumers.push(worker);
  }

  consumedQueues(): string[] {
    return this.consumers.map((worker) => worker.name);
  }

  /** Queues whose worker of this process is not taking jobs (closing, closed or not started). */
  stoppedConsumers(): string[] {
    return this.consumers
      .filter((worker) => worker.closing !== undefined || !worker.isRunning())
      .map((worker) => worker.name);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.connection.disconnect();
  }
}
