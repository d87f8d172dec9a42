import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#core';
import { UnitOfWork } from '#database';
import {
  defineJob,
  HandlesJob,
  isScheduled,
  JOBS,
  JobWorkers,
  Outbox,
  OutboxMessage,
  QueueRegistry,
  ReadinessProbe,
  type JobHandler,
} from '#queue';
import {
  advanceTime,
  drainQueue,
  relayOutbox,
  startTestWorker,
  TestClock,
  type TestWorker,
} from '#testing';

/** A queue of this spec's own: other suites' workers, which do not know its jobs, never see it. */
const OFFERS = { name: `offers-${randomUUID().slice(0, 8)}`, concurrency: 2 };

/** Like dispatch's "expire offer X": delayed, one per offer, found and removed by its id. */
const OFFER_EXPIRE = defineJob<{ offerId: string; idempotencyKey: string }>({
  name: 'offer.expire',
  queue: OFFERS.name,
  options: { attempts: 3 },
  jobId: ({ offerId }) => `offer-expire-${offerId}`,
});

@Injectable()
@HandlesJob(OFFER_EXPIRE)
class OfferExpireHandler implements JobHandler<typeof OFFER_EXPIRE> {
  readonly expired: string[] = [];

  handle(payload: { offerId: string; idempotencyKey: string }): Promise<void> {
    this.expired.push(payload.offerId);
    return Promise.resolve();
  }
}

const FIFTEEN_MINUTES = 15 * 60_000;

describe('jobs declared in the catalogue', () => {
  const clock = new TestClock();
  let worker: TestWorker;

  beforeAll(async () => {
    worker = await startTestWorker({
      clock,
      // Not notifications: the worker spec's own worker runs and relays those.
      env: { WORKER_QUEUES: `${OFFERS.name},maintenance` },
      extraJobs: { queues: [OFFERS], jobs: [OFFER_EXPIRE] },
      providers: [OfferExpireHandler],
    });
  });

  afterAll(async () => {
    await worker.close();
  });

  const offerExpiring = async (delayMs: number) => {
    const offerId = randomUUID();
    const uow = worker.module.get(UnitOfWork);
    await uow.run(() =>
      worker.module
        .get(Outbox)
        .enqueue(OFFER_EXPIRE, { offerId, idempotencyKey: `offer-expire:${offerId}` }, { delayMs }),
    );
    return offerId;
  };
  const expired = () => worker.module.get(OfferExpireHandler).expired;
  const offers = () => worker.module.get(QueueRegistry).get(OFFERS.name);

  it('runs a delayed job once the clock passes its delay, with no sleep', async () => {
    const offerId = await offerExpiring(FIFTEEN_MINUTES);
    await drainQueue(worker.module, OFFERS.name);
    expect(expired()).not.toContain(offerId);
    // Found by the id its definition derives from the offer.
    expect(await offers().getJobState(`offer-expire-${offerId}`)).toBe('delayed');

    await advanceTime(worker.module, clock, FIFTEEN_MINUTES - 1_000);
    await drainQueue(worker.module, OFFERS.name);
    expect(expired()).not.toContain(offerId);

    await advanceTime(worker.module, clock, 1_000);
    await drainQueue(worker.module, OFFERS.name);
    expect(expired().filter((id) => id === offerId)).toHaveLength(1);
  });

  it('removes an entity’s delayed job by its deterministic id', async () => {
    const offerId = await offerExpiring(FIFTEEN_MINUTES);
    await relayOutbox(worker.module);
    await offers().remove(`offer-expire-${offerId}`);
    await advanceTime(worker.module, clock, FIFTEEN_MINUTES);
    await drainQueue(worker.module, OFFERS.name);
    expect(expired()).not.toContain(offerId);
  });

  it('registers the repeating jobs once, however often a worker starts', async () => {
    const again = await startTestWorker({ env: { WORKER_QUEUES: 'maintenance' } });
    await again.close();
    const maintenance = worker.module.get(QueueRegistry).get(JOBS.outboxPrune.queue);
    const schedulers = await maintenance.getJobSchedulers();
    // every scheduled job of the catalogue; they all run on the maintenance queue
    const scheduled = Object.values(JOBS).filter(isScheduled);
    expect(scheduled.map((job) => job.queue)).toEqual(scheduled.map(() => maintenance.name));
    expect(schedulers).toHaveLength(scheduled.length);
    expect(schedulers).toEqual(
      expect.arrayContaining(
        scheduled.map((job) =>
          expect.objectContaining({
            key: job.name,
            pattern: job.schedule.pattern,
            tz: 'Asia/Shanghai',
          }),
        ),
      ),
    );
  });

  it('prunes relayed outbox rows past the retention period, and nothing else', async () => {
    const uow = worker.module.get(UnitOfWork);
    const retention = worker.module.get<AppConfig>(APP_CONFIG).outbox.retentionHours * 3_600_000;
    const row = (relayedAgoMs: number | null) => ({
      queue: OFFERS.name,
      jobName: 'offer.unknown', // no relay knows it: the pending row stays put
      payload: { offerId: randomUUID(), idempotencyKey: `offer-unknown:${randomUUID()}` },
      availableAt: clock.now(),
      relayedAt: relayedAgoMs === null ? null : new Date(clock.now().getTime() - relayedAgoMs),
    });
    const inserted = await uow
      .repository(OutboxMessage)
      .save([row(retention + 60_000), row(retention - 60_000), row(null)]);

    await worker.module
      .get(QueueRegistry)
      .get(JOBS.outboxPrune.queue)
      .add(JOBS.outboxPrune.name, {}, JOBS.outboxPrune.options);
    await drainQueue(worker.module, JOBS.outboxPrune.queue);

    const left = await uow.repository(OutboxMessage).findBy(inserted.map(({ id }) => ({ id })));
    expect(left.map(({ id }) => id).sort()).toEqual([inserted[1]!.id, inserted[2]!.id].sort());
    await uow.repository(OutboxMessage).delete(inserted.map(({ id }) => id));
  });

  it('refuses to start when a declared job has no handler, naming the job', async () => {
    const orphan = defineJob<{ offerId: string; idempotencyKey: string }>({
      name: 'offer.remind',
      queue: OFFERS.name,
      options: { attempts: 1 },
    });
    await expect(
      startTestWorker({
        env: { WORKER_QUEUES: OFFERS.name },
        extraJobs: { queues: [OFFERS], jobs: [OFFER_EXPIRE, orphan] },
        providers: [OfferExpireHandler],
      }),
    ).rejects.toThrow(`Job "${OFFERS.name}/offer.remind" is declared but no handler`);
  });

  it('is not ready once a queue it runs is no longer consumed', async () => {
    const maintenanceOnly = await startTestWorker({ env: { WORKER_QUEUES: 'maintenance' } });
    const probe = maintenanceOnly.module.get(ReadinessProbe);
    expect((await probe.check()).ready).toBe(true);
    // What a stop does first: the BullMQ workers stop taking jobs.
    await maintenanceOnly.module.get(JobWorkers).beforeApplicationShutdown();
    const report = await probe.report();
    await maintenanceOnly.close();
    expect(report.status).toBe('error');
    expect(report.details.queues).toMatchObject({
      status: 'down',
      message: 'not consuming maintenance',
    });
  });

  it('starts for a chosen set of queues, each with its concurrency', async () => {
    const orphan = defineJob<{ offerId: string; idempotencyKey: string }>({
      name: 'offer.remind',
      queue: OFFERS.name,
      options: { attempts: 1 },
    });
    // The offers queue is not consumed here, so its handler-less job is no obstacle.
    const maintenanceOnly = await startTestWorker({
      env: { WORKER_QUEUES: 'maintenance', WORKER_CONCURRENCY: 'maintenance=2' },
      extraJobs: { queues: [OFFERS], jobs: [orphan] },
    });
    const started = maintenanceOnly
      .logLines()
      .map(
        (line) =>
          JSON.parse(line) as { msg: string; queues?: { name: string; concurrency: number }[] },
      )
      .find((line) => line.msg === 'job workers started');
    await maintenanceOnly.close();
    expect(started?.queues).toEqual([{ name: 'maintenance', concurrency: 2 }]);
  });
});
