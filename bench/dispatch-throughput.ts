/**
 * Dispatch throughput: tasks per second from publish to offers persisted,
 * as a ratio to raw BullMQ on the same Redis.
 *
 *   npm run bench:dispatch -- [--members 100000] [--communities 200]
 *                             [--rate 167] [--seconds 30] [--tasks 5000] [--in-flight 16]
 *
 * Generates the city (city.ts) into a fresh database `vanguard_bench_dispatch`
 * and DRAFT tasks in it (draft-tasks.ts), then starts the real worker app
 * (built, NODE_ENV=production, default log level) as its own process: its
 * outbox relay and its dispatch queues. This process publishes the tasks
 * through DispatchService.publish (dispatch-integration.ts), which writes
 * the outbox row in the publishing transaction, and sees each task's offers
 * committed through the offer probe (offer-probe.ts).
 *
 * 1. Warm-up: 100 tasks, not counted.
 * 2. Fixed arrival rate: `--rate` tasks/s for `--seconds`; latency counted from
 *    each task's scheduled arrival (not from when the publisher got to it),
 *    so a backlog shows in the latency.
 * 3. Flat out: `--tasks` tasks published with `--in-flight` publishes at once;
 *    throughput = tasks / (last offers committed − first publish).
 * 4. Baseline: as many jobs through a no-op BullMQ Worker (noop-baseline.ts)
 *    with the dispatch queues' total concurrency, flat out.
 *
 * Every published task is checked afterwards: it has offers (or the
 * dispatcher left it UNFILLED with nobody eligible), and no offer breaks a
 * hard constraint (hard-constraints.ts, independent of the matcher).
 */
import pg from 'pg';
import { hasFlag, numberFlag, startChild, stop } from './bench-env.js';
import { describeCity, prepareCity } from './bench-city.js';
import {
  dispatchConcurrency,
  startDispatchDriver,
  type DispatchDriver,
} from './dispatch-integration.js';
import { insertDraftTasks, type DraftTask } from './draft-tasks.js';
import { total, violations } from './hard-constraints.js';
import { measureNoop } from './noop-baseline.js';
import { OfferProbe } from './offer-probe.js';
import { fixed, now, percentile, table } from './stats.js';

const WORKER_HEALTH_PORT = Number(process.env.BENCH_WORKER_HEALTH_PORT ?? 3927);
const WARM_UP = 100;
/** A task not dispatched this long after its publish fails the run. */
const DISPATCH_TIMEOUT_MS = 60_000;

interface PhaseResult {
  readonly tasks: number;
  readonly seconds: number;
  readonly latencies: number[];
  readonly unfilled: number;
}

async function waitReady(url: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} never became ready`);
}

/**
 * Publishes `tasks`, each at `arrival(index)` ms after the start (or as soon
 * as one of `inFlight` publishers is free), and waits until each has been
 * dispatched. Latency runs from the task's arrival to its offers committed.
 */
async function publishAll(
  driver: DispatchDriver,
  probe: OfferProbe,
  tasks: readonly DraftTask[],
  inFlight: number,
  arrival: (index: number) => number,
): Promise<PhaseResult> {
  const started = now();
  const outcomes: Promise<{ latency: number; at: number; unfilled: boolean }>[] = [];
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
        probe.dispatched(task.id, DISPATCH_TIMEOUT_MS).then((dispatched) => {
          if (!dispatched) throw new Error(`task ${task.id} was not dispatched within 60 s`);
          return {
            latency: dispatched.at - arrives,
            at: dispatched.at,
            unfilled: dispatched.outcome === 'UNFILLED',
          };
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: inFlight }, publisher));
  const done = await Promise.all(outcomes);
  const last = Math.max(...done.map((d) => d.at));
  return {
    tasks: tasks.length,
    seconds: (last - started) / 1000,
    latencies: done.map((d) => d.latency),
    unfilled: done.filter((d) => d.unfilled).length,
  };
}

/** Every published task was dispatched as it should have been. */
async function check(owner: pg.Client, tasks: readonly DraftTask[]): Promise<void> {
  const ids = tasks.map((t) => t.id);
  const { rows } = await owner.query<{ status: string; offers: number; tasks: number }>(
    `SELECT t.status, (SELECT count(*) FROM task_offer o WHERE o.task_id = t.id)::int > 0 AS offers,
            count(*)::int AS tasks
       FROM task t WHERE t.id = ANY($1::uuid[]) GROUP BY 1, 2`,
    [ids],
  );
  for (const row of rows) {
    const fine = row.offers
      ? row.status === 'DISPATCHING' || row.status === 'FILLED'
      : row.status === 'UNFILLED';
    if (!fine) {
      throw new Error(
        `${String(row.tasks)} published tasks are ${row.status} with${row.offers ? '' : 'out'} offers`,
      );
    }
  }
  await owner.query('CREATE TEMP TABLE published (id uuid PRIMARY KEY)');
  await owner.query('INSERT INTO published SELECT unnest($1::uuid[])', [ids]);
  const broken = await violations(
    owner,
    `(SELECT o.task_id, o.member_id, o.slot_kind FROM task_offer o JOIN published p ON p.id = o.task_id)`,
  );
  await owner.query('DROP TABLE published');
  if (total(broken) > 0) {
    throw new Error(`offers break hard constraints: ${JSON.stringify(broken)}`);
  }
}

async function main(): Promise<void> {
  const rate = numberFlag('rate', 167);
  const seconds = numberFlag('seconds', 30);
  const flatOut = numberFlag('tasks', 5_000);
  const inFlight = numberFlag('in-flight', 16);
  const run = await prepareCity('vanguard_bench_dispatch', {
    WORKER_HEALTH_PORT: String(WORKER_HEALTH_PORT),
  });
  const { env, city, owner } = run;
  const atRate = Math.round(rate * seconds);
  const warmUp = await insertDraftTasks(owner, city, 0, WARM_UP);
  const fixedRate = await insertDraftTasks(owner, city, WARM_UP, atRate);
  const flat = await insertDraftTasks(owner, city, WARM_UP + atRate, flatOut);
  await owner.query('ANALYZE task');
  console.error(describeCity(run));

  const probe = await OfferProbe.start(owner, env.ownerUrl);
  const worker = startChild('apps/worker/src/main.js', env.production);
  let driver: DispatchDriver | undefined;
  let results: { rate: PhaseResult; flat: PhaseResult };
  try {
    await waitReady(`http://127.0.0.1:${String(WORKER_HEALTH_PORT)}/health/ready`);
    driver = await startDispatchDriver(env.production);
    await publishAll(driver, probe, warmUp, inFlight, () => 0);
    console.error(`fixed rate: ${String(atRate)} tasks at ${String(rate)}/s`);
    const ratePhase = await publishAll(
      driver,
      probe,
      fixedRate,
      inFlight,
      (i) => (i * 1000) / rate,
    );
    console.error(`flat out: ${String(flatOut)} tasks, ${String(inFlight)} in flight`);
    const flatPhase = await publishAll(driver, probe, flat, inFlight, () => 0);
    results = { rate: ratePhase, flat: flatPhase };
    await check(owner, [...warmUp, ...fixedRate, ...flat]);
  } finally {
    await driver?.close();
    await stop(worker);
    await probe.stop(owner);
  }
  const concurrency = dispatchConcurrency();
  console.error(`no-op baseline: ${String(flatOut)} jobs, concurrency ${String(concurrency)}`);
  const noop = await measureNoop(env.production, flatOut, concurrency);
  await owner.end();

  const flatRate = results.flat.tasks / results.flat.seconds;
  const ratio = flatRate / noop.jobsPerSecond;
  const p99AtRate = percentile(results.rate.latencies, 99);
  console.log(`\n${describeCity(run)}. Node ${process.version}.\n`);
  console.log(
    table(
      ['phase', 'tasks', 'tasks/s', 'p50 ms', 'p99 ms', 'unfilled', 'goal', 'met'],
      [
        [
          `fixed rate ${String(rate)}/s`,
          String(results.rate.tasks),
          fixed(results.rate.tasks / results.rate.seconds),
          fixed(percentile(results.rate.latencies, 50), 1),
          fixed(p99AtRate, 1),
          String(results.rate.unfilled),
          'p99 < 50 ms',
          p99AtRate < 50 ? 'yes' : 'no',
        ],
        [
          `flat out (${String(inFlight)} in flight)`,
          String(results.flat.tasks),
          fixed(flatRate),
          fixed(percentile(results.flat.latencies, 50), 1),
          fixed(percentile(results.flat.latencies, 99), 1),
          String(results.flat.unfilled),
          `≥ 25 % of no-op: ${fixed(ratio * 100)} %`,
          ratio >= 0.25 ? 'yes' : 'no',
        ],
        [
          `BullMQ no-op (concurrency ${String(concurrency)})`,
          String(noop.jobs),
          fixed(noop.jobsPerSecond),
          fixed(noop.p50, 1),
          fixed(noop.p99, 1),
          '',
          '',
          '',
        ],
      ],
    ),
  );
  if (hasFlag('json')) console.log(JSON.stringify({ city, results, noop, ratio }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
