/**
 * The one place the benchmarks touch the dispatch feature (#domain/dispatch):
 * publishing a DRAFT task through DispatchService.publish as its community's
 * committee, the shipped matcher's ranking of one task's candidates, and the
 * dispatch queues of the catalogue (whose concurrency the no-op baseline
 * gets). Everything else in bench/ knows only the schema.
 */
import { loadConfig } from '#core';
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
  'DispatchService.publish and DispatchModule (#domain/dispatch, branch p8-dispatch) are not ' +
  'merged into this branch yet: see bench/dispatch-integration.ts';

/**
 * Starts the dispatch feature in this process, as the API runs it, and
 * returns the driver. Not yet: waits for DispatchService and DispatchModule.
 */
export function startDispatchDriver(_env: NodeJS.ProcessEnv): Promise<DispatchDriver> {
  return Promise.reject(new Error(MISSING));
}

/**
 * The worker's concurrency over the queues the dispatcher takes tasks from,
 * one per category, together (the catalogue's, or WORKER_CONCURRENCY's):
 * the no-op baseline runs with as many jobs at once, so neither side has
 * more hands.
 */
export function dispatchConcurrency(env: NodeJS.ProcessEnv): number {
  const { worker } = loadConfig(env);
  const queues = CATALOGUE.queues.filter((q) =>
    ['dispatch-routine', 'dispatch-professional', 'dispatch-joint'].includes(q.name),
  );
  if (queues.length !== 3) throw new Error('the catalogue lacks the three dispatch queues');
  return queues.reduce((sum, q) => sum + (worker.concurrency[q.name] ?? q.concurrency), 0);
}
