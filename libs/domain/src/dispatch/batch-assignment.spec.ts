import { describe, expect, it } from '@jest/globals';
import type { MemberKind } from '#domain/members';
import {
  assignBatch,
  greedyBatch,
  overlapClusters,
  type BatchPick,
  type BatchTask,
} from './batch-assignment.js';
import type { ScoredCandidate } from './match-score.js';

const at = (hour: number) => new Date(Date.UTC(2026, 10, 30, hour));

function task(id: string, from: number, to: number, quota: BatchTask['quota']): BatchTask {
  return { id, startsAt: at(from), endsAt: at(to), quota };
}
const any = (count: number): BatchTask['quota'] => [{ kind: 'ANY', count }];
function candidate(memberId: string, score: number, kind: MemberKind = 'RESIDENT', tier = 0) {
  return { memberId, kind, tier, score, reasons: [] } satisfies ScoredCandidate;
}

/** The batch's objective as a comparable tuple: offers made, offers to the primary pool, total score. */
function objective(picks: readonly BatchPick[]): [number, number, number] {
  return [
    picks.length,
    picks.filter((p) => p.candidate.tier === 0).length,
    Math.round(picks.reduce((sum, p) => sum + p.candidate.score, 0) * 10),
  ];
}
const compare = (a: [number, number, number], b: [number, number, number]) =>
  a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** Every hard constraint of a batch's picks, checked from the input alone. */
function violations(
  tasks: readonly BatchTask[],
  candidates: ReadonlyMap<string, readonly ScoredCandidate[]>,
  picks: readonly BatchPick[],
): string[] {
  const found: string[] = [];
  const byId = new Map(tasks.map((t) => [t.id, t]));
  for (const pick of picks) {
    const own = candidates.get(pick.taskId)?.some((c) => c.memberId === pick.candidate.memberId);
    if (!own) found.push(`${pick.candidate.memberId} is no candidate of ${pick.taskId}`);
  }
  for (const t of tasks) {
    const mine = picks.filter((p) => p.taskId === t.id);
    for (const { kind, count } of t.quota) {
      const n = mine.filter((p) => kind === 'ANY' || p.candidate.kind === kind).length;
      if (n > count) found.push(`${t.id} has ${String(n)} ${kind} offers for ${String(count)}`);
    }
  }
  for (const [i, a] of picks.entries()) {
    for (const b of picks.slice(i + 1)) {
      if (a.candidate.memberId !== b.candidate.memberId) continue;
      const [x, y] = [byId.get(a.taskId), byId.get(b.taskId)];
      if (x && y && x.startsAt < y.endsAt && y.startsAt < x.endsAt) {
        found.push(`${a.candidate.memberId} offered overlapping ${x.id} and ${y.id}`);
      }
    }
  }
  return found;
}

/** A seeded generator, so a failing instance can be found again. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function instance(seed: number, tasks: number, members: number) {
  const next = random(seed);
  const list: BatchTask[] = [];
  const candidates = new Map<string, ScoredCandidate[]>();
  for (let t = 0; t < tasks; t++) {
    const from = Math.floor(next() * 6);
    const joint = next() < 0.3;
    const quota: BatchTask['quota'] = joint
      ? [
          { kind: 'SECONDED', count: 1 + Math.floor(next() * 2) },
          { kind: 'RESIDENT', count: Math.floor(next() * 2) },
        ]
      : any(1 + Math.floor(next() * 3));
    list.push(task(`t${String(t)}`, from, from + 1 + Math.floor(next() * 3), quota));
    const mine: ScoredCandidate[] = [];
    for (let m = 0; m < members; m++) {
      if (next() < 0.5) {
        mine.push(
          candidate(
            `m${String(m)}`,
            Math.round(next() * 600) / 10,
            m % 3 === 0 ? 'SECONDED' : 'RESIDENT',
            next() < 0.2 ? 1 : 0,
          ),
        );
      }
    }
    mine.sort((a, b) => a.tier - b.tier || b.score - a.score);
    candidates.set(`t${String(t)}`, mine);
  }
  return { tasks: list, candidates };
}

/**
 * The best objective over every choice, by exhaustive search (tiny
 * instances only), under the batch's own rule: a member at most once per
 * cluster of overlapping tasks (stricter than no direct overlap).
 */
function bruteForce(
  tasks: readonly BatchTask[],
  candidates: ReadonlyMap<string, readonly ScoredCandidate[]>,
): [number, number, number] {
  const slots = tasks.flatMap((t) =>
    t.quota.flatMap(({ kind, count }) =>
      Array.from({ length: count }, () => ({
        task: t,
        options: (candidates.get(t.id) ?? []).filter((c) => kind === 'ANY' || c.kind === kind),
      })),
    ),
  );
  const clusterOf = new Map(
    overlapClusters(tasks).flatMap((cluster, c) => cluster.map((t) => [t.id, c] as const)),
  );
  let best: [number, number, number] = [0, 0, 0];
  const chosen: BatchPick[] = [];
  const taken = (pick: BatchPick) =>
    chosen.some(
      (p) =>
        p.candidate.memberId === pick.candidate.memberId &&
        clusterOf.get(p.taskId) === clusterOf.get(pick.taskId),
    );
  const search = (s: number) => {
    if (s === slots.length) {
      const score = objective(chosen);
      if (compare(score, best) > 0) best = score;
      return;
    }
    const slot = slots[s];
    if (!slot) return;
    search(s + 1); // no offer for this slot
    for (const option of slot.options) {
      const pick = { taskId: slot.task.id, candidate: option };
      if (taken(pick)) continue;
      chosen.push(pick);
      if (violations(tasks, candidates, chosen).length === 0) search(s + 1);
      chosen.pop();
    }
  };
  search(0);
  return best;
}

describe('batch assignment', () => {
  it('gives a member to the task that has nobody else, where greedy would not', () => {
    const tasks = [task('first', 9, 11, any(1)), task('second', 10, 12, any(1))];
    const candidates = new Map([
      ['first', [candidate('keen', 90), candidate('other', 80)]],
      ['second', [candidate('keen', 85)]],
    ]);
    const greedy = greedyBatch(tasks, candidates);
    expect(greedy.map((p) => [p.taskId, p.candidate.memberId])).toEqual([['first', 'keen']]);
    const batch = assignBatch(tasks, candidates, 1_000);
    expect(batch.method).toBe('OPTIMAL');
    expect(batch.picks.map((p) => [p.taskId, p.candidate.memberId]).sort()).toEqual([
      ['first', 'other'],
      ['second', 'keen'],
    ]);
  });

  it('prefers the primary pool to a better-scored fallback, as the ranking does', () => {
    const tasks = [task('routine', 9, 11, any(1))];
    const candidates = new Map([
      ['routine', [candidate('resident', 20), candidate('seconded', 90, 'SECONDED', 1)]],
    ]);
    expect(assignBatch(tasks, candidates, 1_000).picks[0]?.candidate.memberId).toBe('resident');
  });

  it('offers one member tasks that do not overlap, and fills a JOINT task per kind', () => {
    const tasks = [
      task('morning', 9, 11, any(1)),
      task('afternoon', 14, 16, any(1)),
      task('joint', 18, 20, [
        { kind: 'SECONDED', count: 1 },
        { kind: 'RESIDENT', count: 1 },
      ]),
    ];
    const only = candidate('only', 50);
    const candidates = new Map([
      ['morning', [only]],
      ['afternoon', [only]],
      ['joint', [candidate('r', 60), candidate('r2', 55), candidate('s', 10, 'SECONDED')]],
    ]);
    const { picks } = assignBatch(tasks, candidates, 1_000);
    expect(picks.map((p) => `${p.taskId}:${p.candidate.memberId}`).sort()).toEqual([
      'afternoon:only',
      'joint:r',
      'joint:s',
      'morning:only',
    ]);
    expect(overlapClusters(tasks)).toHaveLength(3);
  });

  it('matches the exhaustive optimum on small random instances, keeping every hard constraint', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const { tasks, candidates } = instance(seed, 3, 5);
      const { picks, method } = assignBatch(tasks, candidates, 1_000);
      expect(method).toBe('OPTIMAL');
      expect(violations(tasks, candidates, picks)).toEqual([]);
      expect(objective(picks)).toEqual(bruteForce(tasks, candidates));
    }
  });

  it('is never worse than greedy on larger random instances, and keeps every hard constraint', () => {
    for (let seed = 100; seed < 130; seed++) {
      const { tasks, candidates } = instance(seed, 40, 60);
      const batch = assignBatch(tasks, candidates, 5_000);
      const greedy = greedyBatch(tasks, candidates);
      expect(violations(tasks, candidates, batch.picks)).toEqual([]);
      expect(violations(tasks, candidates, greedy)).toEqual([]);
      expect(compare(objective(batch.picks), objective(greedy))).toBeGreaterThanOrEqual(0);
    }
  });

  it('falls back to greedy when the time budget runs out, still within every hard constraint', () => {
    const { tasks, candidates } = instance(7, 40, 60);
    const batch = assignBatch(tasks, candidates, -1);
    expect(batch.method).toBe('GREEDY');
    expect(batch.picks).toEqual(greedyBatch(tasks, candidates));
    expect(violations(tasks, candidates, batch.picks)).toEqual([]);
  });
});
