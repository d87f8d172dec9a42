/**
 * The dispatch benchmark's baseline, as its own process (the real worker
 * is one too): a BullMQ Worker with a no-op processor on the same broker
 * (Redis, or PostgreSQL with QUEUE_BACKEND=postgres), made by the same
 * seam as the worker app's (createBroker).
 * Started with IPC; says "ready" once its worker runs, then reports, when
 * BENCH_NOOP_JOBS jobs have completed, each job's time from being added to
 * being completed (BullMQ's own timestamps).
 *
 * Not part of the product: it exists so that dispatch throughput is read as
 * a ratio to the queue's own ceiling on this machine.
 */
import { createLogger, loadConfig } from '#core';
import { createBroker } from '#queue';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const expected = Number(env('BENCH_NOOP_JOBS'));
const config = loadConfig();
const broker = createBroker(config, createLogger({ ...config.log, service: 'bench-noop' }));
await broker.start();
const worker = broker.worker(env('BENCH_NOOP_QUEUE'), () => Promise.resolve(), {
  concurrency: Number(env('BENCH_NOOP_CONCURRENCY')),
  name: 'bench-noop',
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
  void worker
    .close()
    .then(() => broker.close())
    .then(() => process.exit(0));
});
