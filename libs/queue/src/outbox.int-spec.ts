import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { CoreModule } from '#core';
import { DatabaseModule, UnitOfWork } from '#database';
import { captureLogs, suiteDatabaseReady, testConfig } from '#testing';
import { OutboxMessage } from './outbox-message.entity.js';
import { CATALOGUE, JOB_CATALOGUE, JOBS } from './catalogue.js';
import { defineJob } from './job-definition.js';
import { Outbox } from './outbox.js';
import { OutboxRelay } from './outbox-relay.js';
import { QueueModule } from './queue.module.js';
import { QueueRegistry } from './queue-registry.js';

/**
 * The outbox against real PostgreSQL and Redis: a job exists if and only if
 * the transaction that wrote it committed, and reaches BullMQ exactly once.
 */
/**
 * The spec's own queue and job (a welcome-shaped payload), so that its relay
 * moves none of the rows other suites write, and no worker of theirs takes
 * its jobs.
 */
const QUEUE = { name: `outbox-spec-${randomUUID().slice(0, 8)}`, concurrency: 1 };
const WELCOME = defineJob<{ memberId: string; idempotencyKey: string }>({
  name: 'member.welcome',
  queue: QUEUE.name,
  options: JOBS.notificationSend.options,
});

describe('transactional outbox', () => {
  let module: TestingModule;
  let uow: UnitOfWork;
  let outbox: Outbox;
  let relay: OutboxRelay;
  let queues: QueueRegistry;

  beforeAll(async () => {
    const config = testConfig();
    await suiteDatabaseReady();
    module = await Test.createTestingModule({
      imports: [
        CoreModule.forRoot({ config, logger: captureLogs().logger }),
        DatabaseModule,
        QueueModule,
      ],
    })
      .overrideProvider(JOB_CATALOGUE)
      .useValue({ queues: [...CATALOGUE.queues, QUEUE], jobs: [...CATALOGUE.jobs, WELCOME] })
      .compile();
    await module.init();
    uow = module.get(UnitOfWork);
    outbox = module.get(Outbox);
    relay = module.get(OutboxRelay);
    queues = module.get(QueueRegistry);
  });

  afterAll(async () => {
    await module.close();
  });

  const jobsFor = async (memberId: string) => {
    const jobs = await queues
      .get(QUEUE.name)
      .getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
    return jobs.filter((job) => (job.data as { memberId?: string }).memberId === memberId);
  };

  const rowsFor = (memberId: string) =>
    uow
      .repository(OutboxMessage)
      .createQueryBuilder('m')
      .where("m.payload->>'memberId' = :memberId", { memberId })
      .getMany();

  const enqueue = (memberId: string) =>
    outbox.enqueue(WELCOME, {
      memberId,
      idempotencyKey: `member-welcome:${memberId}`,
    });

  it('leaves no row and no job behind when the transaction rolls back', async () => {
    const memberId = randomUUID();
    await expect(
      uow.run(async () => {
        await enqueue(memberId);
        throw new Error('business rule failed after enqueue');
      }),
    ).rejects.toThrow('business rule failed');
    await relay.relayBatch(100, [QUEUE.name]);
    expect(await rowsFor(memberId)).toHaveLength(0);
    expect(await jobsFor(memberId)).toHaveLength(0);
  });

  const drain = async () => {
    while ((await relay.relayBatch(500, [QUEUE.name])) > 0);
  };

  it('yields exactly one job for a committed row, however often the relay runs', async () => {
    const memberId = randomUUID();
    await uow.run(() => enqueue(memberId));
    expect(await rowsFor(memberId)).toHaveLength(1);
    await drain();
    await drain();
    const jobs = await jobsFor(memberId);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.data).toEqual({ memberId, idempotencyKey: `member-welcome:${memberId}` });
  });

  it('does not double a job when a relay crashed after adding it but before marking the row', async () => {
    const memberId = randomUUID();
    await uow.run(() => enqueue(memberId));
    const [row] = await rowsFor(memberId);
    if (!row) throw new Error('outbox row missing');
    // What the crashed relay managed to do: add the job, not mark the row.
    await queues
      .get(QUEUE.name)
      .add(row.jobName, row.payload, { jobId: OutboxRelay.jobId(row.jobId) });
    await drain();
    expect(await jobsFor(memberId)).toHaveLength(1);
    const marked = await uow.repository(OutboxMessage).findOneByOrFail({ id: row.id });
    expect(marked.relayedAt).not.toBeNull();
  });

  it('refuses to enqueue outside a transaction, and refuses payloads that are not ids', async () => {
    await expect(enqueue(randomUUID())).rejects.toThrow('inside UnitOfWork.run');
    await expect(
      uow.run(() =>
        outbox.enqueue(WELCOME, {
          memberId: randomUUID(),
          // @ts-expect-error the catalogue's payload type refuses it at compile time too
          phone: '13812345678',
          idempotencyKey: `member-welcome:${randomUUID()}`,
        }),
      ),
    ).rejects.toThrow('is not an id');
  });
});
