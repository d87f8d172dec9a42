import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { CoreModule } from '#core';
import { DatabaseModule, UnitOfWork } from '#database';
import { captureLogs, suiteDatabaseReady, testConfig } from '#testing';
import { CATALOGUE, JOB_CATALOGUE, JOBS } from './catalogue.js';
import { defineJob } from './job-definition.js';
import { Outbox } from './outbox.js';
import { OutboxRelay } from './outbox-relay.js';
import { OutboxRelayLoop } from './outbox-relay.loop.js';
import { QueueModule } from './queue.module.js';
import { QueueRegistry } from './queue-registry.js';

/**
 * The worker's relay loop is woken by the commit of an outbox row, not by its
 * poll: the poll interval here is an hour, so a row relayed within the test
 * can only have been announced.
 */
const QUEUE = { name: `relay-loop-spec-${randomUUID().slice(0, 8)}`, concurrency: 1 };
const WELCOME = defineJob<{ memberId: string; idempotencyKey: string }>({
  name: 'member.welcome',
  queue: QUEUE.name,
  options: JOBS.notificationSend.options,
});

describe('outbox relay loop', () => {
  let module: TestingModule;
  /** Resolved by the next batch that moves at least one row. */
  let relayed: Promise<number>;
  let onRelayed: (moved: number) => void = () => undefined;
  let firstBatch: Promise<void>;

  beforeAll(async () => {
    const config = testConfig({ OUTBOX_POLL_INTERVAL_MS: '3600000', WORKER_QUEUES: QUEUE.name });
    await suiteDatabaseReady();
    module = await Test.createTestingModule({
      imports: [
        CoreModule.forRoot({ config, logger: captureLogs().logger }),
        DatabaseModule,
        QueueModule,
      ],
      providers: [OutboxRelayLoop],
    })
      .overrideProvider(JOB_CATALOGUE)
      .useValue({ queues: [...CATALOGUE.queues, QUEUE], jobs: [...CATALOGUE.jobs, WELCOME] })
      .compile();
    const relay = module.get(OutboxRelay);
    const relayBatch = relay.relayBatch.bind(relay);
    let started: () => void = () => undefined;
    firstBatch = new Promise((resolve) => (started = resolve));
    relay.relayBatch = async (...args) => {
      const moved = await relayBatch(...args);
      started();
      if (moved > 0) onRelayed(moved);
      return moved;
    };
    relayed = new Promise((resolve) => (onRelayed = resolve));
    await module.init();
  });

  afterAll(async () => {
    await module.close();
  });

  it('relays a committed row at once, without waiting for the poll', async () => {
    // The loop's first batch (at start-up) has run; it now waits an hour or for a row.
    await firstBatch;
    const memberId = randomUUID();
    await module
      .get(UnitOfWork)
      .run(() =>
        module
          .get(Outbox)
          .enqueue(WELCOME, { memberId, idempotencyKey: `member-welcome:${memberId}` }),
      );
    expect(await relayed).toBe(1);
    const jobs = await module.get(QueueRegistry).get(QUEUE.name).getJobs(['waiting', 'delayed']);
    expect(jobs.map((job) => job.data as unknown)).toEqual([
      { memberId, idempotencyKey: `member-welcome:${memberId}` },
    ]);
  });
});
