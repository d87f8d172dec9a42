import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG, LOGGER, type AppConfig, type Logger } from '#core';
import { KEEP_COMPLETED_SECONDS, QUEUES, type QueueName } from './queue-names.js';
import { assertNoEviction } from './redis-policy.js';

/**
 * Owns the Redis connection and one BullMQ {@link Queue} per registered name.
 * Keys live under the configured prefix, so test runs never see each other's
 * jobs.
 */
@Injectable()
export class QueueRegistry implements OnModuleInit, OnApplicationShutdown {
  readonly connection: Redis;
  readonly prefix: string;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
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

  get(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.connection,
        prefix: this.prefix,
        defaultJobOptions: {
          ...QUEUES[name],
          removeOnComplete: { age: KEEP_COMPLETED_SECONDS },
          removeOnFail: { age: 4 * KEEP_COMPLETED_SECONDS },
        },
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.connection.disconnect();
  }
}
