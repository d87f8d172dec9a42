import { createLogger, loadConfig } from '#core';
import { createBroker, KEEP_COMPLETED_SECONDS } from '#queue';
import { startChild, stop } from './bench-env.js';
import { now, percentile } from './stats.js';

/** The relay moves outbox rows to BullMQ in batches of this size (OutboxRelayLoop). */
const RELAY_BATCH = 100;
const QUEUE = 'bench-noop';

export interface NoopResult {
  readonly jobs: number;
  readonly seconds: number;
  readonly jobsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
}

/**
 * Raw BullMQ throughput on the benchmark's broker (Redis, or PostgreSQL with
 * QUEUE_BACKEND=postgres): `jobs` jobs added the way
 * the outbox relay adds them (addBulk, 100 at a time, with a job id and the
 * catalogue's keep-completed option), taken by a no-op Worker of
 * `concurrency` in its own process (noop-worker.ts), flat out. Timed from
 * the first add to the last completion, as dispatch is timed from the first
 * publish to the last offers.
 */
export async function measureNoop(
  env: NodeJS.ProcessEnv,
  jobs: number,
  concurrency: number,
): Promise<NoopResult> {
  const config = loadConfig(env);
  const broker = createBroker(config, createLogger({ ...config.log, service: 'bench-noop' }));
  await broker.start();
  const queue = broker.queue(QUEUE);
  await queue.obliterate({ force: true });
  const child = startChild(
    'bench/noop-worker.js',
    {
      ...env,
      BENCH_NOOP_QUEUE: QUEUE,
      BENCH_NOOP_JOBS: String(jobs),
      BENCH_NOOP_CONCURRENCY: String(concurrency),
    },
    { ipc: true },
  );
  try {
    let ready = (): void => undefined;
    let failed = (_error: Error): void => undefined;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    const finished = new Promise<number[]>((resolve, reject) => {
      failed = reject;
      child.on('message', (message: { ready?: true; done?: number[]; failed?: string }) => {
        if (message.ready) ready();
        if (message.done) resolve(message.done);
        if (message.failed) reject(new Error(`no-op job failed: ${message.failed}`));
      });
    });
    // Handled where it is awaited; this only keeps an early failure from being "unhandled".
    finished.catch(() => undefined);
    child.once('exit', (code) => {
      failed(new Error(`no-op worker exited with ${String(code)}`));
    });
    await Promise.race([isReady, finished]);
    const started = now();
    for (let first = 0; first < jobs; first += RELAY_BATCH) {
      const size = Math.min(RELAY_BATCH, jobs - first);
      await queue.addBulk(
        Array.from({ length: size }, (_, k) => ({
          name: 'noop',
          data: { taskId: `task-${String(first + k)}`, idempotencyKey: String(first + k) },
          opts: {
            jobId: `noop-${String(first + k)}`,
            removeOnComplete: { age: KEEP_COMPLETED_SECONDS },
          },
        })),
      );
    }
    const latencies = await finished;
    const seconds = (now() - started) / 1000;
    if (latencies.length !== jobs) throw new Error('the no-op worker lost jobs');
    return {
      jobs,
      seconds,
      jobsPerSecond: jobs / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    };
  } finally {
    await stop(child);
    await queue.obliterate({ force: true });
    await queue.close();
    await broker.close();
  }
}
