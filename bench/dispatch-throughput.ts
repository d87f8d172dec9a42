/**
 * Dispatch throughput: tasks per second from publish to offers persisted,
 * as a ratio to raw BullMQ on the same broker: Redis, or PostgreSQL with
 * QUEUE_BACKEND=postgres in the environment (BullMQ's PostgreSQL backend in
 * the benchmark's database, as the embedded mode runs it).
 *
 *   npm run bench:dispatch -- [--members 100000] [--communities 200]
 *                             [--rate 167] [--seconds 30] [--tasks 5000] [--in-flight 16] [--json]
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
 * Every published task is checked afterwards: it has offers (or, nobody
 * being eligible, the dispatcher escalated it), and no offer breaks a
 * hard constraint (hard-constraints.ts, independent of the matcher).
 */
import type pg from 'pg';
import { hasFlag, numberFlag } from './bench-env.js';
import { describeCity, prepareCity } from './bench-city.js';
import { dispatchConcurrency } from './dispatch-integration.js';
import { publishAll, startDispatchRig, type PhaseResult } from './dispatch-rig.js';
import { insertDraftTasks, type DraftTask } from './draft-tasks.js';
import { total, violations } from './hard-constraints.js';
import { measureNoop } from './noop-baseline.js';
import { fixed, percentile, table } from './stats.js';

const WARM_UP = 100;

/** Every published task was dispatched as it should have been. */
async function check(owner: pg.Client, tasks: readonly DraftTask[]): Promise<void> {
  const ids = tasks.map((t) => t.id);
  const { rows } = await owner.query<{
    status: string;
    offers: boolean;
    escalated: boolean;
    tasks: number;
  }>(
    `SELECT t.status, EXISTS (SELECT 1 FROM task_offer o WHERE o.task_id = t.id) AS offers,
            t.escalation <> 'NONE' AS escalated, count(*)::int AS tasks
       FROM task t WHERE t.id = ANY($1::uuid[]) GROUP BY 1, 2, 3`,
    [ids],
  );
  for (const row of rows) {
    // offers out and the task open, or nobody eligible and the escalation begun
    const fine = row.offers
      ? row.status === 'DISPATCHING' || row.status === 'FILLED'
      : row.escalated && (row.status === 'DISPATCHING' || row.status === 'UNFILLED');
    if (!fine) {
      throw new Error(
        `${String(row.tasks)} published tasks are ${row.status}, with${row.offers ? '' : 'out'} ` +
          `offers, ${row.escalated ? '' : 'not '}escalated`,
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
  const run = await prepareCity('vanguard_bench_dispatch');
  const { env, city, owner } = run;
  const atRate = Math.round(rate * seconds);
  const warmUp = await insertDraftTasks(owner, city, 0, WARM_UP);
  const fixedRate = await insertDraftTasks(owner, city, WARM_UP, atRate);
  const flat = await insertDraftTasks(owner, city, WARM_UP + atRate, flatOut);
  await owner.query('ANALYZE task');
  console.error(describeCity(run));

  const rig = await startDispatchRig(env, owner);
  let results: { rate: PhaseResult; flat: PhaseResult };
  try {
    await publishAll(rig, warmUp, inFlight, () => 0);
    console.error(`fixed rate: ${String(atRate)} tasks at ${String(rate)}/s`);
    const ratePhase = await publishAll(rig, fixedRate, inFlight, (i) => (i * 1000) / rate);
    console.error(`flat out: ${String(flatOut)} tasks, ${String(inFlight)} in flight`);
    const flatPhase = await publishAll(rig, flat, inFlight, () => 0);
    results = { rate: ratePhase, flat: flatPhase };
    await check(owner, [...warmUp, ...fixedRate, ...flat]);
  } finally {
    await rig.stop();
  }
  const concurrency = dispatchConcurrency(env.production);
  console.error(`no-op baseline: ${String(flatOut)} jobs, concurrency ${String(concurrency)}`);
  const noop = await measureNoop(env.production, flatOut, concurrency);
  await owner.end();

  const flatRate = results.flat.tasks / results.flat.seconds;
  const ratio = flatRate / noop.jobsPerSecond;
  const p99AtRate = percentile(results.rate.latencies, 99);
  const backend = env.production.QUEUE_BACKEND === 'postgres' ? 'PostgreSQL' : 'Redis';
  console.log(`\n${describeCity(run)}. Queues on ${backend}. Node ${process.version}.\n`);
  console.log(
    table(
      ['phase', 'tasks', 'tasks/s', 'p50 ms', 'p99 ms', 'escalated', 'goal', 'met'],
      [
        [
          `fixed rate ${String(rate)}/s`,
          String(results.rate.tasks),
          fixed(results.rate.tasks / results.rate.seconds),
          fixed(percentile(results.rate.latencies, 50), 1),
          fixed(p99AtRate, 1),
          String(results.rate.escalated),
          'p99 < 50 ms',
          p99AtRate < 50 ? 'yes' : 'no',
        ],
        [
          `flat out (${String(inFlight)} in flight)`,
          String(results.flat.tasks),
          fixed(flatRate),
          fixed(percentile(results.flat.latencies, 50), 1),
          fixed(percentile(results.flat.latencies, 99), 1),
          String(results.flat.escalated),
          `≥ 25 % of no-op: ${fixed(ratio * 100, 1)} %`,
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
  if (hasFlag('json')) console.log(JSON.stringify({ backend, city, results, noop, ratio }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
