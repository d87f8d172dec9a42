/**
 * The dispatch feature running as in production, for the benchmarks: the
 * real worker app (built, NODE_ENV=production, default log level) in its own
 * process, with its outbox relay and dispatch queues; the publishing side
 * (dispatch-integration.ts) in this one; and the offer probe that sees each
 * task's offers committed.
 */
import type pg from 'pg';
import { startChild, stop, waitReady, type BenchEnv } from './bench-env.js';
import { startDispatchDriver, type DispatchDriver } from './dispatch-integration.js';
import type { DraftTask } from './draft-tasks.js';
import { OfferProbe } from './offer-probe.js';
import { now } from './stats.js';

const WORKER_HEALTH_PORT = Number(process.env.BENCH_WORKER_HEALTH_PORT ?? 3927);
/**
 * The run fails when tasks are outstanding and none has been dispatched for
 * this long: the dispatcher has stopped, it is not merely behind.
 */
const STALLED_MS = 300_000;

export interface PhaseResult {
  readonly tasks: number;
  readonly seconds: number;
  readonly latencies: number[];
  /** Tasks nobody was eligible for: escalated instead of offered. */
  readonly escalated: number;
}

/** Waits for every outcome, failing when the dispatcher stalls (STALLED_MS). */
async function untilDispatched<T>(probe: OfferProbe, outcomes: Promise<T>[]): Promise<T[]> {
  let watchdog: NodeJS.Timeout | undefined;
  const since = now();
  const stalled = new Promise<never>((_, reject) => {
    watchdog = setInterval(() => {
      if (now() - Math.max(probe.lastSeenAt, since) > STALLED_MS) {
        reject(new Error(`no task dispatched for ${String(STALLED_MS / 1000)} s`));
      }
    }, 1_000);
  });
  try {
    return await Promise.race([Promise.all(outcomes), stalled]);
  } finally {
    clearInterval(watchdog);
  }
}

/**
 * Publishes `tasks`, each at `arrival(index)` ms after the start (or as soon
 * as one of `inFlight` publishers is free), and waits until each has been
 * dispatched. Latency runs from the task's arrival to its offers committed.
 */
export async function publishAll(
  { driver, probe }: DispatchRig,
  tasks: readonly DraftTask[],
  inFlight: number,
  arrival: (index: number) => number,
): Promise<PhaseResult> {
  const started = now();
  const outcomes: Promise<{ latency: number; at: number; escalated: boolean }>[] = [];
  let next = 0;
  const publisher = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      const task = tasks[index];
      if (!task) return;
      const arrives = started + arrival(index);
      const wait = arrives - now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await driver.publish(task);
      outcomes.push(
        probe.dispatched(task.id).then((dispatched) => ({
          latency: dispatched.at - arrives,
          at: dispatched.at,
          escalated: dispatched.outcome === 'ESCALATED',
        })),
      );
    }
  };
  await Promise.all(Array.from({ length: inFlight }, publisher));
  const done = await untilDispatched(probe, outcomes);
  const last = Math.max(...done.map((d) => d.at));
  return {
    tasks: tasks.length,
    seconds: (last - started) / 1000,
    latencies: done.map((d) => d.latency),
    escalated: done.filter((d) => d.escalated).length,
  };
}

export interface DispatchRig {
  readonly driver: DispatchDriver;
  readonly probe: OfferProbe;
  stop(): Promise<void>;
}

/** Starts worker, publisher and probe; stop() ends all three. */
export async function startDispatchRig(env: BenchEnv, owner: pg.Client): Promise<DispatchRig> {
  const probe = await OfferProbe.start(owner, env.ownerUrl);
  const worker = startChild('apps/worker/src/main.js', {
    ...env.production,
    WORKER_HEALTH_PORT: String(WORKER_HEALTH_PORT),
  });
  let driver: DispatchDriver | undefined;
  const stopAll = async () => {
    await driver?.close();
    await stop(worker);
    await probe.stop(owner);
  };
  try {
    await waitReady(`http://127.0.0.1:${String(WORKER_HEALTH_PORT)}/health/ready`);
    driver = await startDispatchDriver(env.production);
    return { driver, probe, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
