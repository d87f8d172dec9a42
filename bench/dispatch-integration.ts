/**
 * The one place the benchmarks touch the dispatch feature (#domain/dispatch):
 * publishing a DRAFT task through DispatchService.publish as its community's
 * committee, the shipped matcher's ranking of one task's candidates, and the
 * dispatch queues of the catalogue (whose concurrency the no-op baseline
 * gets). Everything else in bench/ knows only the schema.
 */
import { CATALOGUE } from '#queue';
import type { DraftTask } from './draft-tasks.js';

/** The dispatch feature, as the benchmarks drive it (in this process). */
export interface DispatchDriver {
  /** Publishes a DRAFT task as its community's committee; resolves when committed. */
  publish(task: DraftTask): Promise<void>;
  /**
   * The shipped matcher's candidates for a task, best first, with their
   * scores: the greedy baseline of the matching benchmark picks from them.
   */
  candidates(taskId: string): Promise<{ memberId: string; kind: string; score: number }[]>;
  close(): Promise<void>;
}

const MISSING =
  'DispatchService.publish and Matcher (#domain/dispatch, branch p8-dispatch) are not merged ' +
  'into this branch yet: see bench/dispatch-integration.ts';

/**
 * Starts the dispatch feature in this process (a Nest application context
 * over `env`, as the API would run it) and returns the driver.
 */
export function startDispatchDriver(_env: NodeJS.ProcessEnv): Promise<DispatchDriver> {
  return Promise.reject(new Error(MISSING));
}

/**
 * The queues the dispatcher takes tasks from, one per category, and the
 * worker concurrency of all of them together: the no-op baseline runs with
 * as many jobs at once, so neither side has more hands.
 */
export function dispatchConcurrency(): number {
  const queues = CATALOGUE.queues.filter((q) =>
    ['dispatch-routine', 'dispatch-professional', 'dispatch-joint'].includes(q.name),
  );
  if (queues.length !== 3) throw new Error(MISSING);
  return queues.reduce((sum, q) => sum + q.concurrency, 0);
}
