import { afterEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import pg from 'pg';
import { captureLogs, eventually, suiteDatabaseReady, testConfig } from '#testing';
import type { Broker } from './broker.js';
import { createBroker } from './create-broker.js';

/**
 * Each broker against its real backend, Redis and PostgreSQL: what the
 * product relies on behaves the same on both (the rate limiter's windows
 * have their own spec).
 */
describe.each(['redis', 'postgres'])('Broker on %s', (backend) => {
  const started: Broker[] = [];
  afterEach(async () => {
    for (const broker of started.splice(0)) await broker.close();
  });

  /** A broker of its own, as a process has one. */
  async function broker(): Promise<Broker> {
    await suiteDatabaseReady();
    const made = createBroker(testConfig({ QUEUE_BACKEND: backend }), captureLogs('broker').logger);
    started.push(made);
    await made.start();
    return made;
  }

  it('runs jobs by priority, holds delayed ones until due, and retries with backoff', async () => {
    const producer = await broker();
    const name = `probe-${randomUUID()}`;
    const queue = producer.queue(name);
    const ran: string[] = [];
    let failures = 0;
    await queue.add('low', {}, { priority: 5 });
    await queue.add('high', {}, { priority: 1 });
    await queue.add('later', {}, { delay: 300 });
    await queue.add('flaky', {}, { attempts: 2, backoff: { type: 'fixed', delay: 50 } });
    // the same job id twice is one job
    await queue.add('once', {}, { jobId: 'once' });
    await queue.add('once', {}, { jobId: 'once' });
    const worker = producer.worker(
      name,
      (job: Job) => {
        if (job.name === 'flaky' && failures++ === 0) throw new Error('first attempt fails');
        ran.push(job.name);
        return Promise.resolve();
      },
      { concurrency: 1, name: 'probe' },
    );
    try {
      await eventually(() => ran.length === 5);
      expect(ran.indexOf('high')).toBeLessThan(ran.indexOf('low'));
      expect(ran.indexOf('later')).toBeGreaterThan(ran.indexOf('high'));
      expect(ran.filter((n) => n === 'once')).toHaveLength(1);
      expect(failures).toBe(2);
      // a job is completed once its processor has returned: counted a moment after it ran
      await eventually(async () => (await queue.getJobCounts('completed')).completed === 5);
      expect(await queue.getJobCounts('completed', 'failed')).toEqual({ completed: 5, failed: 0 });
    } finally {
      await worker.close();
      await queue.close();
    }
  });

  it('hands a message to every subscribed process, and nothing sent before it subscribed', async () => {
    const [sender, first, second] = [await broker(), await broker(), await broker()];
    const channel = `probe-${randomUUID()}`;
    await sender.publish(channel, 'too early');
    const heard: string[][] = [[], []];
    await first.subscribe(
      channel,
      (m) => heard[0]?.push(m),
      () => undefined,
    );
    await second.subscribe(
      channel,
      (m) => heard[1]?.push(m),
      () => undefined,
    );
    // another channel's message first: once 'hello' is heard, it would have been too
    await sender.publish(`${channel}-other`, 'not for them');
    await sender.publish(channel, 'hello');
    await eventually(() => heard.every((h) => h.length === 1));
    expect(heard).toEqual([['hello'], ['hello']]);
  });

  it('gives at most `max` leases of a key at once, even asked together, and frees a lapsed one', async () => {
    const [a, b] = [await broker(), await broker()];
    const key = `probe:${randomUUID()}`;
    const taken = await Promise.all(
      ['h1', 'h2', 'h3', 'h4'].map((holder, i) =>
        (i % 2 ? a : b).reserveLease(key, holder, 2, 60_000),
      ),
    );
    expect(taken.filter(Boolean)).toHaveLength(2);
    // a holder renewing its own lease is not refused for it
    const holder = ['h1', 'h2', 'h3', 'h4'][taken.indexOf(true)] ?? '';
    expect(await a.reserveLease(key, holder, 2, 60_000)).toBe(true);
    await a.releaseLease(key, holder);
    expect(await b.reserveLease(key, 'h5', 2, 60_000)).toBe(true);
    expect(await b.reserveLease(key, 'h6', 2, 60_000)).toBe(false);
    // leases that run out come free by themselves
    const short = `probe:${randomUUID()}`;
    expect(await a.reserveLease(short, 'x', 1, 50)).toBe(true);
    expect(await a.reserveLease(short, 'y', 1, 50)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await a.reserveLease(short, 'y', 1, 50)).toBe(true);
  });
});

/**
 * The PostgreSQL broker's LISTEN connection, lost and made again: each
 * listener hears of the gap once, and every message after it once.
 */
describe('PostgresBroker losing its LISTEN connection', () => {
  it('listens again after the server ends the connection, once, and says there was a gap', async () => {
    await suiteDatabaseReady();
    const config = testConfig({ QUEUE_BACKEND: 'postgres' });
    const broker = createBroker(config, captureLogs('broker').logger);
    await broker.start();
    const admin = new pg.Client({ connectionString: config.database.url });
    await admin.connect();
    try {
      const channel = `probe-${randomUUID()}`;
      const heard: string[] = [];
      let gaps = 0;
      await broker.subscribe(
        channel,
        (m) => heard.push(m),
        () => (gaps += 1),
      );
      const listeners = async () =>
        (
          await admin.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity
              WHERE datname = current_database() AND usename = current_user
                AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()`,
          )
        ).rows;
      const [listener] = await listeners();
      expect(listener).toBeDefined();
      // the server ends it (as an administrator's pg_terminate_backend or a restart would)
      await admin.query('SELECT pg_terminate_backend($1)', [listener?.pid]);
      await eventually(async () => gaps === 1 && (await listeners()).length === 1, 10_000);
      await broker.publish(channel, 'after');
      await eventually(() => heard.length === 1);
      // no second connection was made meanwhile: one delivery, one gap
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(heard).toEqual(['after']);
      expect(gaps).toBe(1);
      expect(await listeners()).toHaveLength(1);
    } finally {
      await admin.end();
      await broker.close();
    }
  });
});
