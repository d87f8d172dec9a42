import type { AppConfig, Logger } from '#core';
import type { Broker } from './broker.js';
import { PostgresBroker } from './postgres-broker.js';
import { RedisBroker } from './redis-broker.js';

/** The broker QUEUE_BACKEND names: Redis, or the app's own PostgreSQL database. */
export function createBroker(config: AppConfig, logger: Logger): Broker {
  return config.runtime.queues === 'postgres'
    ? new PostgresBroker(config.database.url, config.redis.keyPrefix, logger)
    : new RedisBroker(config.redis.url, config.redis.keyPrefix, logger);
}
