import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, LOGGER, type AppConfig, type Logger } from '#core';
import { Broker } from '#queue';
import { AuthErrors } from './auth.errors.js';

/** The anonymous calls limited per client. */
export type LimitedCall = 'login' | 'refresh';

/**
 * Per-client limits on `login` and `refreshToken`, counted by the broker
 * (Redis, or PostgreSQL without it): one fixed window per client and call,
 * atomic, so API processes count together and two concurrent calls never
 * both see the last free slot.
 *
 * It fails open: while the broker cannot answer, calls go through (logged
 * once per outage). Failing closed would turn an outage into nobody being
 * able to sign in; failing open leaves password guessing bounded by the
 * lockout per account and client in PostgreSQL and by argon2's cost, which
 * do not depend on the broker. The broker's counters fail fast instead of
 * queueing, so an outage costs a login no more than a command timeout.
 */
@Injectable()
export class RateLimiter {
  private failingOpen = false;

  constructor(
    private readonly broker: Broker,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Counts a call of `client`; RATE_LIMITED with the seconds until its window ends when over the limit. */
  async consume(call: LimitedCall, client: string): Promise<void> {
    const { limit, windowSeconds } = this.config.auth.rateLimits[call];
    let count: number;
    let ttlMs: number;
    try {
      ({ count, ttlMs } = await this.broker.countCall(
        `rate-limit:${call}:${client}`,
        windowSeconds * 1000,
      ));
    } catch (error) {
      if (!this.failingOpen) {
        this.failingOpen = true;
        this.logger.warn(
          { err: error, call },
          'rate limiter cannot reach its broker; failing open',
        );
      }
      return;
    }
    if (this.failingOpen) {
      this.failingOpen = false;
      this.logger.info('rate limiter reaches its broker again');
    }
    if (count <= limit) return;
    if (count === limit + 1) this.logger.warn({ call }, 'a client reached its rate limit');
    throw AuthErrors.rateLimited(Math.max(1, Math.ceil(ttlMs / 1000)));
  }
}
