/**
 * The dispatch benchmark's baseline, as its own process (the real worker
 * is one too): a BullMQ Worker with a no-op processor on the same Redis,
 * with the same connection settings as the worker app's (QueueRegistry).
 * Started with IPC; says "ready" once its worker runs, then reports, when
 * BENCH_NOOP_JOBS jobs have completed, each job's time from being added to
 * being completed (BullMQ's own timestamps).
 *
 * Not part of the product: it exists so that dispatch throughput is read as
 * a ratio to the queue's own ceiling on this machine.
 */
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const expected = Number(env('BENCH_NOOP_JOBS'));
const connection = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
  maxRetriesPerRequest: null,
});
const worker = new Worker(env('BENCH_NOOP_QUEUE'), () => Promise.resolve(), {
  connection,
  prefix: env('REDIS_KEY_PREFIX'),
  concurrency: Number(env('BENCH_NOOP_CONCURRENCY')),
});
const latencies: number[] = [];
worker.on('completed', (job) => {
  latencies.push((job.finishedOn ?? Date.now()) - job.timestamp);
  if (latencies.length === expected) process.send?.({ done: latencies });
});
worker.on('failed', (job, error) => {
  process.send?.({ failed: `${String(job?.id)}: ${error.message}` });
});
await worker.waitUntilReady();
process.send?.({ ready: true });

process.once('SIGTERM', () => {
  void worker.close().then(() => {
    connection.disconnect();
    process.exit(0);
  });
});
