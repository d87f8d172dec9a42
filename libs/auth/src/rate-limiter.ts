import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, LOGGER, type AppConfig, type Logger } from '#core';
import { AuthErrors } from './auth.errors.js';

/** The anonymous calls limited per client. */
export type LimitedCall = 'login' | 'refresh';

/**
 * One fixed window per key: the first call of a window starts its expiry,
 * every call counts. Atomic in Redis, so API processes sharing the Redis
 * count together and two concurrent calls never both see the last free slot.
 * A key that somehow lost its expiry gets one again instead of living forever.
 */
const CONSUME = `
local count = redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}`;

/**
 * Per-client limits on `login` and `refreshToken`, counted in Redis.
 *
 * It fails open: while Redis cannot answer, calls go through (logged once
 * per outage). Failing closed would turn a Redis outage into nobody being
 * able to sign in; failing open leaves password guessing bounded by the
 * lockout per account and client in PostgreSQL and by argon2's cost, which
 * do not depend on Redis. Commands fail fast instead of queueing, so an
 * outage costs a login no more than the command timeout.
 */
@Injectable()
export class RateLimiter implements OnModuleInit, OnApplicationShutdown {
  private readonly redis: Redis;
  private failingOpen = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.redis = new Redis(config.redis.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 1000,
    });
    // Connection errors arrive here on every reconnect attempt; the outage is
    // reported once, by the first call that fails open.
    this.redis.on('error', () => undefined);
  }

  /** Like the job queues, the API does not start without Redis; later outages fail open. */
  async onModuleInit(): Promise<void> {
    await this.redis.connect();
  }

  /** Counts a call of `client`; RATE_LIMITED with the seconds until its window ends when over the limit. */
  async consume(call: LimitedCall, client: string): Promise<void> {
    const { limit, windowSeconds } = this.config.auth.rateLimits[call];
    const key = `${this.config.redis.keyPrefix}:rate-limit:${call}:${client}`;
    let count: number;
    let ttlMs: number;
    try {
      [count, ttlMs] = (await this.redis.eval(CONSUME, 1, key, windowSeconds * 1000)) as [
        number,
        number,
      ];
    } catch (error) {
      if (!this.failingOpen) {
        this.failingOpen = true;
        this.logger.warn({ err: error, call }, 'rate limiter cannot reach Redis; failing open');
      }
      return;
    }
    if (this.failingOpen) {
      this.failingOpen = false;
      this.logger.info('rate limiter reaches Redis again');
    }
    if (count <= limit) return;
    if (count === limit + 1) this.logger.warn({ call }, 'a client reached its rate limit');
    throw AuthErrors.rateLimited(Math.max(1, Math.ceil(ttlMs / 1000)));
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
