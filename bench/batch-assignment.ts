/**
 * Assignment quality on generated batches: the shipped batch-optimal
 * assignment against greedy task-by-task picking and first-come claims, on
 * the same candidates.
 *
 *   npm run bench:batch -- [--tasks 100] [--members 5000] [--communities members/500]
 *                          [--days 1] [--json]
 *
 * Generates the city (city.ts) into a fresh database `vanguard_bench_batch`
 * and `--tasks` DRAFT tasks spread over `--days` weekdays of one week (one:
 * a morning's batch, where a community's tasks contend for the same
 * members). Reads every task's candidates with the shipped matcher (the
 * SQL of a dispatch pass, in chunks of 64 tasks) and the offers each task
 * wants (its slots, plus the over-offer of urgent ones), then:
 *
 * - batch-optimal (shipped): assignBatch, with the worker's default budget
 *   (DISPATCH_BATCH_BUDGET_MS); its method says whether it finished or fell
 *   back to greedy;
 * - greedy: task by task in publishing order, each slot the best-ranked
 *   candidate not yet picked among overlapping tasks (greedyBatch, the
 *   fallback);
 * - first-come claim: members arrive in a random order (seeded) and each
 *   claims the earliest open task they are a candidate for, of their kind,
 *   as the open-task list (领单) offers it.
 *
 * Reported for each: offers made of those wanted, the share to the tasks'
 * primary pool, total score (the matcher's), its gap to the optimum (the
 * exact batch-optimal total when it finished), load Gini over every member
 * who was a candidate (offers per member, zeros included), hard-constraint
 * violations (hard-constraints.ts, in SQL from the raw rows, plus two
 * offers to one member in overlapping windows: all must be 0), and time.
 * Also an upper bound on any total: each task's best-scored candidates, as
 * if no other task wanted them, for a gap the optimum itself cannot exceed.
 */
import type pg from 'pg';
import { loadConfig } from '#core';
import {
  assignBatch,
  greedyBatch,
  offerQuota,
  type BatchPick,
  type BatchTask,
  type ScoredCandidate,
} from '#domain/dispatch';
import { hasFlag, numberFlag } from './bench-env.js';
import { describeCity, prepareCity } from './bench-city.js';
import { startDispatchDriver } from './dispatch-integration.js';
import { insertDraftTasks } from './draft-tasks.js';
import { total, violations, type Violations } from './hard-constraints.js';
import { fixed, gini, now, table } from './stats.js';

const CHUNK = 64;

interface Outcome {
  readonly method: string;
  readonly picks: readonly BatchPick[];
  readonly ms: number;
  readonly note: string;
}

async function batchTasks(owner: pg.Client, ids: readonly string[], overOffer: number) {
  const { rows } = await owner.query<{
    id: string;
    category: 'ROUTINE' | 'PROFESSIONAL' | 'JOINT';
    headcount: number;
    secondedSlots: number | null;
    residentSlots: number | null;
    priority: 'NORMAL' | 'URGENT' | 'EMERGENCY';
    startsAt: Date;
    endsAt: Date;
  }>(
    `SELECT id, category, headcount, seconded_slots AS "secondedSlots",
            resident_slots AS "residentSlots", priority, starts_at AS "startsAt", ends_at AS "endsAt"
       FROM task WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const none = { RESIDENT: 0, SECONDED: 0 };
  return ids.flatMap((id): BatchTask[] => {
    const row = byId.get(id);
    if (!row) return [];
    const quota = offerQuota(row, { live: none, pending: none }, overOffer);
    return [{ id, startsAt: row.startsAt, endsAt: row.endsAt, quota }];
  });
}

/** Members in a seeded random order, each claiming the earliest open task they may. */
function firstComeClaims(
  tasks: readonly BatchTask[],
  candidates: ReadonlyMap<string, readonly ScoredCandidate[]>,
): BatchPick[] {
  const byMember = new Map<string, { task: BatchTask; candidate: ScoredCandidate }[]>();
  for (const task of tasks) {
    for (const candidate of candidates.get(task.id) ?? []) {
      const list = byMember.get(candidate.memberId) ?? [];
      list.push({ task, candidate });
      byMember.set(candidate.memberId, list);
    }
  }
  const left = new Map(
    tasks.map((task) => [task.id, new Map(task.quota.map((q) => [q.kind, q.count] as const))]),
  );
  let state = 42;
  const members = [...byMember.keys()]
    .map((id) => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return { id, order: state };
    })
    .sort((a, b) => a.order - b.order);
  const picks: BatchPick[] = [];
  for (const { id } of members) {
    const options = (byMember.get(id) ?? []).sort(
      (a, b) => a.task.startsAt.getTime() - b.task.startsAt.getTime(),
    );
    for (const { task, candidate } of options) {
      const quota = left.get(task.id);
      const kind = quota?.has('ANY') ? 'ANY' : candidate.kind;
      const open = quota?.get(kind) ?? 0;
      if (!quota || open === 0) continue;
      quota.set(kind, open - 1);
      picks.push({ taskId: task.id, candidate });
      break;
    }
  }
  return picks;
}

/** Two offers to one member in overlapping windows (the SQL checks cover everything else). */
function overlapping(tasks: readonly BatchTask[], picks: readonly BatchPick[]): number {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const windows = new Map<string, BatchTask[]>();
  let found = 0;
  for (const pick of picks) {
    const task = byId.get(pick.taskId);
    if (!task) continue;
    const mine = windows.get(pick.candidate.memberId) ?? [];
    if (mine.some((other) => other.startsAt < task.endsAt && task.startsAt < other.endsAt)) found++;
    mine.push(task);
    windows.set(pick.candidate.memberId, mine);
  }
  return found;
}

async function checked(owner: pg.Client, outcome: Outcome, tasks: readonly BatchTask[]) {
  await owner.query('DROP TABLE IF EXISTS batch_choice');
  await owner.query(
    `CREATE TEMP TABLE batch_choice AS
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS c(task_id, member_id, slot_kind)`,
    [
      outcome.picks.map((p) => p.taskId),
      outcome.picks.map((p) => p.candidate.memberId),
      outcome.picks.map((p) => p.candidate.kind),
    ],
  );
  const broken: Violations = await violations(owner, 'batch_choice');
  return total(broken) + overlapping(tasks, outcome.picks);
}

async function main(): Promise<void> {
  const count = numberFlag('tasks', 100);
  const members = numberFlag('members', 5_000);
  const days = numberFlag('days', 1);
  const run = await prepareCity('vanguard_bench_batch', {
    members,
    communities: Math.max(1, Math.round(members / 500)),
  });
  const { env, city, owner } = run;
  const drafts = await insertDraftTasks(owner, city, 0, count, { weeks: 1, days });
  await owner.query('ANALYZE task');
  console.error(describeCity(run));
  const config = loadConfig(env.production);
  const tasks = await batchTasks(
    owner,
    drafts.map((d) => d.id),
    config.dispatch.overOffer,
  );
  const driver = await startDispatchDriver(env.production);
  const candidates = new Map<string, ScoredCandidate[]>();
  const readStarted = now();
  try {
    for (let i = 0; i < tasks.length; i += CHUNK) {
      const read = await driver.candidatesOf(tasks.slice(i, i + CHUNK).map((t) => t.id));
      for (const [id, list] of read) candidates.set(id, list);
    }
  } finally {
    await driver.close();
  }
  const readMs = now() - readStarted;
  const timed = (method: string, work: () => { picks: BatchPick[]; note?: string }): Outcome => {
    const started = now();
    const { picks, note } = work();
    return { method, picks, ms: now() - started, note: note ?? '' };
  };
  const outcomes = [
    timed('batch-optimal (shipped)', () => {
      const batch = assignBatch(tasks, candidates, config.dispatch.batchBudgetMs);
      return { picks: batch.picks, note: batch.method };
    }),
    timed('greedy, task by task', () => ({ picks: greedyBatch(tasks, candidates) })),
    timed('first-come claims', () => ({ picks: firstComeClaims(tasks, candidates) })),
  ];

  const wanted = tasks.reduce((sum, t) => sum + t.quota.reduce((s, q) => s + q.count, 0), 0);
  const scoreOf = (picks: readonly BatchPick[]) => picks.reduce((s, p) => s + p.candidate.score, 0);
  const bound = tasks.reduce((sum, task) => {
    const scores = (candidates.get(task.id) ?? []).map((c) => c.score).sort((a, b) => b - a);
    const take = task.quota.reduce((s, q) => s + q.count, 0);
    return sum + scores.slice(0, take).reduce((s, x) => s + x, 0);
  }, 0);
  const population = new Set(
    [...candidates.values()].flatMap((list) => list.map((c) => c.memberId)),
  );
  const optimal = outcomes[0];
  const optimum = optimal?.note === 'OPTIMAL' ? scoreOf(optimal.picks) : NaN;
  const rows: string[][] = [];
  const results = [];
  for (const outcome of outcomes) {
    const load = new Map([...population].map((id) => [id, 0]));
    for (const p of outcome.picks)
      load.set(p.candidate.memberId, (load.get(p.candidate.memberId) ?? 0) + 1);
    const score = scoreOf(outcome.picks);
    const result = {
      method: outcome.method,
      offers: outcome.picks.length,
      primary: outcome.picks.filter((p) => p.candidate.tier === 0).length,
      score,
      gapToOptimum: (optimum - score) / optimum,
      gini: gini([...load.values()]),
      violations: await checked(owner, outcome, tasks),
      ms: outcome.ms,
      note: outcome.note,
    };
    results.push(result);
    rows.push([
      result.method + (result.note ? ` (${result.note})` : ''),
      `${String(result.offers)} / ${String(wanted)}`,
      `${fixed((100 * result.primary) / Math.max(1, result.offers), 1)} %`,
      fixed(score, 1),
      `${fixed(100 * result.gapToOptimum, 2)} %`,
      fixed(result.gini, 3),
      String(result.violations),
      fixed(result.ms, 1),
    ]);
  }
  await owner.end();

  const sizes = [...candidates.values()].map((list) => list.length);
  console.log(`\n${describeCity(run)}. Node ${process.version}.\n`);
  console.log(
    `${String(tasks.length)} tasks over ${String(days)} day(s), ${String(wanted)} offers wanted; ` +
      `candidates per task: mean ${fixed(sizes.reduce((a, b) => a + b, 0) / sizes.length)}, ` +
      `max ${String(Math.max(...sizes))}; ${String(population.size)} members are a candidate; ` +
      `candidates read in ${fixed(readMs)} ms (the matcher's SQL, ${String(CHUNK)} tasks a statement).\n`,
  );
  console.log(
    table(
      [
        'method',
        'offers',
        'primary pool',
        'total score',
        'gap to optimum',
        'load Gini',
        'violations',
        'ms',
      ],
      rows,
    ),
  );
  console.log(
    `\nUpper bound on any total (each task its best candidates, as if no other task wanted them): ${fixed(bound, 1)}; ` +
      `the optimum is ${fixed((100 * (bound - optimum)) / bound, 2)} % below it.`,
  );
  if (hasFlag('json')) console.log(JSON.stringify({ results, bound, readMs }));
  if (results.some((r) => r.violations > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
