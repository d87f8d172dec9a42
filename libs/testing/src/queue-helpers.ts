import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplicationContext } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#core';
import { UnitOfWork } from '#database';
import {
  JOB_CATALOGUE,
  OutboxMessage,
  OutboxRelay,
  QueueRegistry,
  type JobCatalogue,
} from '#queue';
import type { TestClock } from './test-clock.js';

/**
 * Queue helpers for tests, so that no test waits on the clock: relay the
 * outbox now, wait until a queue has run everything that is due, promote
 * delayed jobs, move the domain clock and BullMQ's delays together. Each
 * takes the API or worker application (anything with the queue module).
 */

/**
 * Moves the committed outbox rows of `queues` to BullMQ now (by default the
 * queues the app's worker runs, WORKER_QUEUES; all if unset), as the
 * worker's relay would; returns how many it moved.
 */
export async function relayOutbox(
  app: INestApplicationContext,
  queues: readonly string[] = app.get<AppConfig>(APP_CONFIG).worker.queues,
): Promise<number> {
  const relay = app.get(OutboxRelay);
  let total = 0;
  for (;;) {
    const moved = await relay.relayBatch(500, queues);
    if (moved === 0) return total;
    total += moved;
  }
}

/** The job states a drain waits out: due and not yet finished. */
const UNFINISHED = ['wait', 'active', 'prioritized'] as const;

/**
 * Waits until everything due in `queue` when called has run: the outbox rows
 * of the queue committed by then have reached BullMQ (relayed here, or by a
 * concurrent relay, whose locked rows count as pending until it commits), and
 * none of the jobs then waiting or running is still there (nor retrying
 * after a failure). Jobs added meanwhile are not waited for; delayed
 * jobs that are not due stay delayed. A worker must be consuming the queue.
 * This is how a test proves that a job did not happen: drain, then look.
 */
export async function drainQueue(
  app: INestApplicationContext,
  queue: string,
  timeoutMs = 20_000,
): Promise<void> {
  const bull = app.get(QueueRegistry).get(queue);
  const rows = app.get(UnitOfWork).repository(OutboxMessage);
  const deadline = Date.now() + timeoutMs;
  const waitUntil = async (done: () => Promise<boolean>, what: string) => {
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`queue "${queue}" not drained: ${what}`);
      await sleep(10);
    }
  };
  const newest = await rows
    .createQueryBuilder('m')
    .select('max(m.id)', 'id')
    .where('m.queue = :queue', { queue })
    .getRawOne<{ id: string | null }>();
  await waitUntil(async () => {
    await relayOutbox(app, [queue]);
    const pending = rows
      .createQueryBuilder('m')
      .where('m.queue = :queue AND m.relayedAt IS NULL AND m.id <= :newest', {
        queue,
        newest: newest?.id ?? '0',
      });
    return !(await pending.getExists());
  }, 'outbox rows still pending');
  // Jobs running, waiting, or already failed once and waiting out their
  // retry backoff: the relay, woken by the commit, may have handed a job over
  // and seen it fail before this looks. Read running and waiting jobs before
  // and after the retrying ones, so a job moving between those states while
  // this looks is seen in one of the reads.
  const unfinished = await bull.getRanges([...UNFINISHED]);
  const retrying = (await bull.getDelayed()).filter((job) => job.attemptsMade > 0);
  const ahead = new Set([
    ...unfinished,
    ...retrying.map((job) => job.id),
    ...(await bull.getRanges([...UNFINISHED])),
  ]);
  // A job of those that fails and will be retried waits out its backoff as
  // delayed: it has not finished yet, so it is still waited for.
  await waitUntil(
    async () => !(await bull.getRanges([...UNFINISHED, 'delayed'])).some((id) => ahead.has(id)),
    'jobs still waiting, running or retrying',
  );
}

/**
 * Promotes the delayed jobs of every queue that fall due by `now`: the relay
 * stamps a job with the domain clock, so it is due at timestamp + delay.
 * Iterations of job schedulers are left alone: BullMQ times them by the real
 * clock, and the run's workers share them, so a suite that moved its own
 * clock a day on would otherwise run every suite's schedules early.
 * Returns how many it promoted.
 */
export async function promoteDueJobs(app: INestApplicationContext, now: Date): Promise<number> {
  const registry = app.get(QueueRegistry);
  let promoted = 0;
  for (const { name } of app.get<JobCatalogue>(JOB_CATALOGUE).queues) {
    for (const job of await registry.get(name).getDelayed()) {
      if (!job.repeatJobKey && job.timestamp + job.delay <= now.getTime()) {
        await job.promote();
        promoted += 1;
      }
    }
  }
  return promoted;
}

/**
 * Moves the test clock on by `ms` and promotes the delayed jobs now due, as
 * if that much time had passed for the domain and for BullMQ alike.
 */
export async function advanceTime(
  app: INestApplicationContext,
  clock: TestClock,
  ms: number,
): Promise<number> {
  clock.advance(ms);
  await relayOutbox(app);
  return promoteDueJobs(app, clock.now());
}
