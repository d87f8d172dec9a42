import { afterEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DomainError } from '#core';
import { captureLogs, testConfig } from '#testing';
import { RateLimiter } from './rate-limiter.js';

/** The limiter against the real Redis: shared counts, the refusal, and failing open. */
describe('RateLimiter', () => {
  const started: RateLimiter[] = [];
  afterEach(() => {
    for (const limiter of started.splice(0)) limiter.onApplicationShutdown();
  });

  async function limiter(env: Record<string, string> = {}) {
    const logs = captureLogs('limiter');
    const config = testConfig({ LOGIN_RATE_LIMIT: '3', LOGIN_RATE_WINDOW_SECONDS: '60', ...env });
    const instance = new RateLimiter(config, logs.logger);
    started.push(instance);
    await instance.onModuleInit();
    return { instance, lines: logs.lines };
  }

  /** An address no other spec of the run uses. */
  const address = () => `limiter-${randomUUID()}`;

  it('lets `limit` calls of a client through, then refuses with the seconds left in the window', async () => {
    const { instance } = await limiter();
    const client = address();
    for (let i = 0; i < 3; i++) await instance.consume('login', client);
    const refusal = await instance.consume('login', client).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'RATE_LIMITED', category: 'RATE_LIMITED' });
    const seconds = Number((refusal as DomainError).details?.retryAfterSeconds);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    // Another client, and another call of the same client, have counts of their own.
    await expect(instance.consume('login', address())).resolves.toBeUndefined();
    await expect(instance.consume('refresh', client)).resolves.toBeUndefined();
  });

  it('counts together across processes, and never lets two concurrent calls take the last slot', async () => {
    const [first, second] = [await limiter(), await limiter()];
    const client = address();
    await first.instance.consume('login', client);
    const results = await Promise.allSettled([
      first.instance.consume('login', client),
      second.instance.consume('login', client),
      second.instance.consume('login', client),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
  });

  it('fails open while Redis cannot answer, saying so once', async () => {
    const { instance, lines } = await limiter({ LOGIN_RATE_LIMIT: '1' });
    const client = address();
    await instance.consume('login', client);
    await expect(instance.consume('login', client)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    // Redis goes away: calls go through instead of nobody being able to sign in.
    instance.onApplicationShutdown();
    await expect(instance.consume('login', client)).resolves.toBeUndefined();
    await expect(instance.consume('login', client)).resolves.toBeUndefined();
    const warnings = lines().filter((line) => line.includes('failing open'));
    expect(warnings).toHaveLength(1);
  });
});
