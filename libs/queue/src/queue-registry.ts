import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
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

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.connection.disconnect();
  }
}
