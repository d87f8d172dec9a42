/**
 * Matching quality: the shipped dispatcher against greedy one-at-a-time, on
 * the same generated instance.
 *
 *   npm run bench:matching -- [--members 100000] [--communities 200] [--tasks 1000]
 *
 * Generates the city (city.ts, the same one bench:dispatch generates for the
 * same flags) into a fresh database `vanguard_bench_matching` and `--tasks`
 * DRAFT tasks, then:
 *
 * 1. Greedy one-at-a-time (on the untouched instance, first): each task in
 *    publishing order takes the best-scored of the shipped matcher's
 *    candidates, as many of each kind as it has slots, skipping members
 *    greedy has already picked for an overlapping window. No lookahead, no
 *    spreading: what a committee member would do by hand with the ranking.
 * 2. Shipped: every task published through DispatchService.publish, the real
 *    worker dispatching (dispatch-rig.ts); its choices are the offers
 *    persisted.
 *
 * Reported for both: choices, total and mean score (the matcher's own
 * score), load Gini across the members who were a candidate for at least
 * one task (choices per member, zeros included), hard-constraint violations
 * checked independently in SQL from the raw rows (hard-constraints.ts: skill,
 * kind, community, secondment, availability, physical, overlap, duplicates;
 * all must be 0), and time per task.
 */
import type pg from 'pg';
import { numberFlag } from './bench-env.js';
import { describeCity, prepareCity } from './bench-city.js';
import type { DispatchDriver } from './dispatch-integration.js';
import { publishAll, startDispatchRig } from './dispatch-rig.js';
import { insertDraftTasks, type DraftTask } from './draft-tasks.js';
import { total, violations, type Violations } from './hard-constraints.js';
import { fixed, gini, now, percentile, table } from './stats.js';

interface Slots {
  readonly id: string;
  readonly category: string;
  readonly headcount: number;
  readonly secondedSlots: number | null;
  readonly residentSlots: number | null;
  readonly starts: number;
  readonly ends: number;
}

interface Choice {
  readonly taskId: string;
  readonly memberId: string;
  readonly slotKind: string;
  readonly score: number;
}

interface Outcome {
  readonly method: string;
  readonly choices: number;
  readonly totalScore: number;
  readonly gini: number;
  readonly violations: Violations;
  readonly msPerTask: number;
  readonly p99MsPerTask: number;
}

async function slotsOf(owner: pg.Client, tasks: readonly DraftTask[]): Promise<Slots[]> {
  const { rows } = await owner.query<Slots & { starts: Date; ends: Date }>(
    `SELECT id, category, headcount, seconded_slots AS "secondedSlots",
            resident_slots AS "residentSlots", starts_at AS starts, ends_at AS ends
       FROM task WHERE id = ANY($1::uuid[])`,
    [tasks.map((t) => t.id)],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return tasks.map((t) => {
    const row = byId.get(t.id);
    if (!row) throw new Error(`task ${t.id} missing`);
    return { ...row, starts: row.starts.getTime(), ends: row.ends.getTime() };
  });
}

/**
 * Greedy one-at-a-time (see the header). Returns its choices, the time each
 * task took (ranking and picking), and every member ranked for some task.
 */
async function greedy(driver: DispatchDriver, tasks: readonly Slots[]) {
  const booked = new Map<string, { starts: number; ends: number }[]>();
  const choices: Choice[] = [];
  const times: number[] = [];
  const candidates = new Set<string>();
  for (const task of tasks) {
    const started = now();
    const ranked = await driver.candidates(task.id);
    const open: Record<string, number> =
      task.category === 'JOINT'
        ? { SECONDED: task.secondedSlots ?? 0, RESIDENT: task.residentSlots ?? 0 }
        : { SECONDED: task.headcount, RESIDENT: task.headcount };
    let left = task.headcount;
    for (const candidate of ranked) {
      candidates.add(candidate.memberId);
      if (left === 0 || (open[candidate.kind] ?? 0) === 0) continue;
      const windows = booked.get(candidate.memberId) ?? [];
      if (windows.some((w) => w.starts < task.ends && task.starts < w.ends)) continue;
      windows.push({ starts: task.starts, ends: task.ends });
      booked.set(candidate.memberId, windows);
      choices.push({
        taskId: task.id,
        memberId: candidate.memberId,
        slotKind: candidate.kind,
        score: candidate.score,
      });
      open[candidate.kind] = (open[candidate.kind] ?? 0) - 1;
      left--;
    }
    times.push(now() - started);
  }
  return { choices, times, candidates };
}

function loadGini(choices: readonly { memberId: string }[], population: ReadonlySet<string>) {
  const load = new Map<string, number>([...population].map((id) => [id, 0]));
  for (const c of choices) load.set(c.memberId, (load.get(c.memberId) ?? 0) + 1);
  return gini([...load.values()]);
}

async function main(): Promise<void> {
  const count = numberFlag('tasks', 1_000);
  const run = await prepareCity('vanguard_bench_matching');
  const { env, city, owner } = run;
  const tasks = await insertDraftTasks(owner, city, 0, count);
  await owner.query('ANALYZE task');
  const slots = await slotsOf(owner, tasks);
  console.error(describeCity(run));

  const rig = await startDispatchRig(env, owner);
  let outcomes: Outcome[];
  try {
    console.error(`greedy: ${String(count)} tasks one at a time`);
    const picked = await greedy(rig.driver, slots);
    await owner.query(
      `CREATE TEMP TABLE greedy_choice AS
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS c(task_id, member_id, slot_kind)`,
      [
        picked.choices.map((c) => c.taskId),
        picked.choices.map((c) => c.memberId),
        picked.choices.map((c) => c.slotKind),
      ],
    );
    const greedyOutcome: Outcome = {
      method: 'greedy one-at-a-time',
      choices: picked.choices.length,
      totalScore: picked.choices.reduce((sum, c) => sum + c.score, 0),
      gini: loadGini(picked.choices, picked.candidates),
      violations: await violations(owner, 'greedy_choice'),
      msPerTask: picked.times.reduce((a, b) => a + b, 0) / picked.times.length,
      p99MsPerTask: percentile(picked.times, 99),
    };

    console.error(`shipped: ${String(count)} tasks published, worker dispatching`);
    const phase = await publishAll(rig, tasks, 16, () => 0);
    const { rows: offers } = await owner.query<Choice>(
      `SELECT task_id AS "taskId", member_id AS "memberId", slot_kind AS "slotKind", score
         FROM task_offer WHERE task_id = ANY($1::uuid[])`,
      [tasks.map((t) => t.id)],
    );
    const shippedOutcome: Outcome = {
      method: 'shipped dispatcher',
      choices: offers.length,
      totalScore: offers.reduce((sum, c) => sum + c.score, 0),
      gini: loadGini(offers, picked.candidates),
      violations: await violations(owner, 'task_offer'),
      msPerTask: (phase.seconds * 1000) / phase.tasks,
      p99MsPerTask: percentile(phase.latencies, 99),
    };
    outcomes = [greedyOutcome, shippedOutcome];
  } finally {
    await rig.stop();
    await owner.end();
  }

  console.log(`\n${describeCity(run)}. ${String(count)} tasks. Node ${process.version}.\n`);
  console.log(
    table(
      [
        'method',
        'choices',
        'total score',
        'mean score',
        'load Gini',
        'violations',
        'ms/task',
        'p99 ms/task',
      ],
      outcomes.map((o) => [
        o.method,
        String(o.choices),
        fixed(o.totalScore, 1),
        fixed(o.totalScore / o.choices, 2),
        fixed(o.gini, 3),
        total(o.violations) === 0 ? '0' : JSON.stringify(o.violations),
        fixed(o.msPerTask, 2),
        fixed(o.p99MsPerTask, 1),
      ]),
    ),
  );
  console.log(
    '\nms/task: greedy, ranking and picking one task in this process; shipped, wall time from ' +
      'the first publish to the last offers committed over the tasks (p99: publish to offers).',
  );
  if (outcomes.some((o) => total(o.violations) > 0)) {
    throw new Error('hard constraints broken: see the violations column');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
