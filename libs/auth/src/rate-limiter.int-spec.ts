import { afterEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DomainError } from '#core';
import { createBroker, type Broker } from '#queue';
import { captureLogs, suiteDatabaseReady, testConfig } from '#testing';
import { RateLimiter } from './rate-limiter.js';

/**
 * The limiter against each real broker, Redis and PostgreSQL: shared counts,
 * the refusal, and failing open.
 */
describe.each(['redis', 'postgres'])('RateLimiter on %s', (backend) => {
  const started: Broker[] = [];
  afterEach(async () => {
    for (const broker of started.splice(0)) await broker.close().catch(() => undefined);
  });

  async function limiter(env: Record<string, string> = {}) {
    await suiteDatabaseReady();
    const logs = captureLogs('limiter');
    const config = testConfig({
      QUEUE_BACKEND: backend,
      LOGIN_RATE_LIMIT: '3',
      LOGIN_RATE_WINDOW_SECONDS: '60',
      ...env,
    });
    const broker = createBroker(config, logs.logger);
    started.push(broker);
    await broker.start();
    return { instance: new RateLimiter(broker, config, logs.logger), broker, lines: logs.lines };
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

  it('fails open while its broker cannot answer, saying so once', async () => {
    const { instance, broker, lines } = await limiter({ LOGIN_RATE_LIMIT: '1' });
    const client = address();
    await instance.consume('login', client);
    await expect(instance.consume('login', client)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    // The broker goes away: calls go through instead of nobody being able to sign in.
    await broker.close();
    await expect(instance.consume('login', client)).resolves.toBeUndefined();
    await expect(instance.consume('login', client)).resolves.toBeUndefined();
    const warnings = lines().filter((line) => line.includes('failing open'));
    expect(warnings).toHaveLength(1);
  });
});
