import type { MemberKind } from '#domain/members';
import type { ScoredCandidate } from './match-score.js';
import type { OfferQuota } from './slot-plan.js';

/** A task of a batch: its window, and the offers it wants of each kind (slot-plan.ts). */
export interface BatchTask {
  readonly id: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly quota: OfferQuota;
}

export interface BatchPick {
  readonly taskId: string;
  readonly candidate: ScoredCandidate;
}

export interface BatchAssignment {
  readonly picks: BatchPick[];
  /** OPTIMAL: the solver finished within its budget; GREEDY: it did not, and the fallback ran. */
  readonly method: 'OPTIMAL' | 'GREEDY';
}

/**
 * What one offer is worth to the batch, in whole units (scores have one
 * decimal): first that a wanted offer is made at all, then that it goes to
 * the task's primary pool (residents for routine work, seconded members for
 * professional work), then the matcher's score (at most about 100, so 1,000
 * in these units). Each bonus outweighs what ranks below it summed over a
 * thousand offers, more than a batch makes, so the optimum is lexicographic,
 * as the per-task ranking is: fill, then primary pool, then score.
 */
const FILL = 1e9;
const PRIMARY = 1e6;
const benefitOf = (candidate: ScoredCandidate) =>
  FILL + (candidate.tier === 0 ? PRIMARY : 0) + Math.round(candidate.score * 10);

/**
 * Offers for a batch of tasks at once, so that the total score is the best
 * the candidate sets allow rather than what task-by-task picking leaves:
 * greedy gives a member to the first task that ranks them highest even when
 * a later task has nobody else, optimal assignment gives that task the
 * member and the first task its next best.
 *
 * Hard constraints, kept by construction: only a task's own candidates
 * (every hard filter already passed, eligibility.ts), of the slot's kind,
 * at most its quota per kind, and a member at most once among tasks whose
 * windows overlap, directly or through a chain of overlaps (one cluster):
 * never two offers a member could not both accept, and in one stretch of a
 * day one offer per member, which spreads the work. Clusters share no
 * member constraint, so each is solved on its own.
 *
 * Each cluster is a rectangular assignment problem (offer slots × members,
 * plus a private "no offer" column per slot), solved exactly by shortest
 * augmenting paths with potentials (the Jonker–Volgenant / Crouse method,
 * over sparse candidate lists): one Dijkstra per slot, which stops at the
 * first free member, so uncontested slots cost a scan of their candidates.
 * It is written here (about a hundred lines) because the npm registry's
 * solvers are either dense (O(n²) memory: 1,500 slots × 50,000 members is
 * 75 million cells) or general LP/MIP engines shipped as WebAssembly,
 * far heavier than this one problem needs. When the budget runs out the
 * whole batch falls back to greedy, which keeps every hard constraint too.
 */
export function assignBatch(
  tasks: readonly BatchTask[],
  candidates: ReadonlyMap<string, readonly ScoredCandidate[]>,
  budgetMs: number,
): BatchAssignment {
  const deadline = performance.now() + budgetMs;
  const picks: BatchPick[] = [];
  for (const cluster of overlapClusters(tasks)) {
    const solved = solveCluster(cluster, candidates, deadline);
    if (!solved) return { picks: greedyBatch(tasks, candidates), method: 'GREEDY' };
    picks.push(...solved);
  }
  return { picks, method: 'OPTIMAL' };
}

/**
 * Task by task, in the order given: each slot takes the best-ranked
 * candidate of its kind not yet picked in the cluster. The fallback, and the
 * baseline the optimum is measured against.
 */
export function greedyBatch(
  tasks: readonly BatchTask[],
  candidates: ReadonlyMap<string, readonly ScoredCandidate[]>,
): BatchPick[] {
  const picks: BatchPick[] = [];
  for (const cluster of overlapClusters(tasks)) {
    const taken = new Set<string>();
    for (const task of cluster) {
      for (const { kind, count } of task.quota) {
        let left = count;
        for (const candidate of candidates.get(task.id) ?? []) {
          if (left === 0) break;
          if (taken.has(candidate.memberId) || !fits(kind, candidate.kind)) continue;
          taken.add(candidate.memberId);
          picks.push({ taskId: task.id, candidate });
          left -= 1;
        }
      }
    }
  }
  return picks;
}

const fits = (slot: MemberKind | 'ANY', member: MemberKind) => slot === 'ANY' || slot === member;

/** Tasks grouped by overlapping windows (transitively), each group in the order given. */
export function overlapClusters(tasks: readonly BatchTask[]): BatchTask[][] {
  const order = tasks
    .map((task, index) => ({ task, index }))
    .sort((a, b) => a.task.startsAt.getTime() - b.task.startsAt.getTime() || a.index - b.index);
  const clusters: { index: number; task: BatchTask }[][] = [];
  let current: { index: number; task: BatchTask }[] | undefined;
  let end = -Infinity;
  for (const entry of order) {
    if (current && entry.task.startsAt.getTime() < end) {
      current.push(entry);
      end = Math.max(end, entry.task.endsAt.getTime());
    } else {
      current = [entry];
      clusters.push(current);
      end = entry.task.endsAt.getTime();
    }
  }
  return clusters.map((cluster) =>
    cluster.sort((a, b) => a.index - b.index).map((entry) => entry.task),
  );
}

/** One cluster solved exactly, or undefined when the deadline passed first. */
function solveCluster(
  cluster: readonly BatchTask[],
  candidates: ReadonlyMap<string, readonly ScoredCandidate[]>,
  deadline: number,
): BatchPick[] | undefined {
  // Rows: one per offer slot. Columns: the cluster's members, then one
  // private "no offer" column per row.
  const members = new Map<string, number>();
  const rows: { task: BatchTask; cols: Int32Array; benefits: Float64Array }[] = [];
  for (const task of cluster) {
    const list = candidates.get(task.id) ?? [];
    for (const { kind, count } of task.quota) {
      const fitting = list.filter((c) => fits(kind, c.kind));
      const cols = new Int32Array(fitting.length);
      const benefits = new Float64Array(fitting.length);
      fitting.forEach((candidate, k) => {
        let col = members.get(candidate.memberId);
        if (col === undefined) {
          col = members.size;
          members.set(candidate.memberId, col);
        }
        cols[k] = col;
        benefits[k] = benefitOf(candidate);
      });
      for (let n = 0; n < count; n++) rows.push({ task, cols, benefits });
    }
  }
  // candidates of one member for several tasks are different objects (their
  // scores differ per task): keep each task's own for the picks
  const candidateOf = new Map<string, ScoredCandidate>();
  for (const task of cluster) {
    for (const c of candidates.get(task.id) ?? []) candidateOf.set(`${task.id}/${c.memberId}`, c);
  }
  const memberIds = [...members.keys()];
  const solution = solveAssignment(
    rows.map((row) => ({ cols: row.cols, benefits: row.benefits })),
    members.size,
    deadline,
  );
  if (!solution) return undefined;
  const picks: BatchPick[] = [];
  solution.forEach((col, r) => {
    const row = rows[r];
    const memberId = col >= 0 ? memberIds[col] : undefined;
    const candidate = memberId && row ? candidateOf.get(`${row.task.id}/${memberId}`) : undefined;
    if (row && candidate) picks.push({ taskId: row.task.id, candidate });
  });
  return picks;
}

/**
 * Maximum-benefit assignment of every row to one of its columns or to its
 * own "none" column (benefit 0), each column at most once: shortest
 * augmenting paths with potentials on costs B − benefit (B the largest
 * benefit, so every cost is ≥ 0). Returns each row's column (−1: none), or
 * undefined once `deadline` (performance.now()) has passed.
 */
export function solveAssignment(
  rows: readonly { readonly cols: Int32Array; readonly benefits: Float64Array }[],
  columns: number,
  deadline: number,
): Int32Array | undefined {
  const R = rows.length;
  // column ids: members 0..columns-1, row r's "none" column: columns + r
  const C = columns + R;
  let top = 0;
  for (const row of rows) for (const b of row.benefits) top = Math.max(top, b);
  const u = new Float64Array(R);
  const v = new Float64Array(C);
  const rowOf = new Int32Array(C).fill(-1);
  const colOf = new Int32Array(R).fill(-1);
  const dist = new Float64Array(C).fill(Infinity);
  const pred = new Int32Array(C);
  const done = new Uint8Array(C);
  const touched: number[] = [];
  const heap = new MinHeap();
  // (noUncheckedIndexedAccess: every index below is in range by construction)
  const at = (array: Float64Array | Int32Array | Uint8Array, i: number): number => array[i] ?? 0;

  /** Relaxes the edges of row i, reached at distance `base`. */
  const reach = (i: number, j: number, cost: number, base: number) => {
    if (at(done, j)) return;
    const d = base + cost - at(u, i) - at(v, j);
    if (d < at(dist, j)) {
      if (at(dist, j) === Infinity) touched.push(j);
      dist[j] = d;
      pred[j] = i;
      heap.push(d, j);
    }
  };
  const scan = (i: number, base: number) => {
    const row = rows[i];
    if (!row) return;
    for (let k = 0; k < row.cols.length; k++) {
      reach(i, at(row.cols, k), top - at(row.benefits, k), base);
    }
    reach(i, columns + i, top, base);
  };

  for (let r = 0; r < R; r++) {
    if ((r & 15) === 0 && performance.now() > deadline) return undefined;
    scan(r, 0);
    let sink = -1;
    let minVal = 0;
    const reached: number[] = [];
    while (heap.size > 0) {
      const [d, j] = heap.pop();
      if (at(done, j) || d > at(dist, j)) continue;
      done[j] = 1;
      reached.push(j);
      if (at(rowOf, j) === -1) {
        sink = j;
        minVal = d;
        break;
      }
      scan(at(rowOf, j), d);
    }
    // every row has its free "none" column, so a sink is always found;
    // the potentials keep every reduced cost ≥ 0 for the next rows' searches
    u[r] = at(u, r) + minVal;
    for (const j of reached) {
      if (j === sink) continue;
      const i = at(rowOf, j);
      u[i] = at(u, i) + minVal - at(dist, j);
      v[j] = at(v, j) - (minVal - at(dist, j));
    }
    for (let j = sink; ;) {
      const i = at(pred, j);
      rowOf[j] = i;
      const previous = at(colOf, i);
      colOf[i] = j;
      if (i === r) break;
      j = previous;
    }
    for (const j of touched) {
      dist[j] = Infinity;
      done[j] = 0;
    }
    touched.length = 0;
    heap.clear();
  }
  return colOf.map((col) => (col >= columns ? -1 : col));
}

/** A binary heap of (distance, column), smallest distance first; the caller skips stale entries. */
class MinHeap {
  private readonly keys: number[] = [];
  private readonly values: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(key: number, value: number): void {
    const { keys, values } = this;
    let i = keys.length;
    keys.push(key);
    values.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentKey = keys[parent] ?? -Infinity;
      if (parentKey <= key) break;
      keys[i] = parentKey;
      values[i] = values[parent] ?? 0;
      i = parent;
    }
    keys[i] = key;
    values[i] = value;
  }

  pop(): [number, number] {
    const { keys, values } = this;
    const first: [number, number] = [keys[0] ?? Infinity, values[0] ?? -1];
    const lastKey = keys.pop() ?? Infinity;
    const lastValue = values.pop() ?? -1;
    const n = keys.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        const child =
          right < n && (keys[right] ?? Infinity) < (keys[left] ?? Infinity) ? right : left;
        const childKey = keys[child] ?? Infinity;
        if (childKey >= lastKey) break;
        keys[i] = childKey;
        values[i] = values[child] ?? -1;
        i = child;
      }
      keys[i] = lastKey;
      values[i] = lastValue;
    }
    return first;
  }

  clear(): void {
    this.keys.length = 0;
    this.values.length = 0;
  }
}
