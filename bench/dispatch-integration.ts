/**
 * The one place the benchmarks touch the dispatch feature (#domain/dispatch):
 * publishing a DRAFT task through DispatchService.publish as its community's
 * committee, the shipped matcher's ranking of one task's candidates, and the
 * dispatch queues of the catalogue (whose concurrency the no-op baseline
 * gets). Everything else in bench/ knows only the schema.
 */
import { randomUUID } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  Clock,
  CoreModule,
  createLogger,
  loadConfig,
  NestPinoLogger,
  runInRequestContext,
  type Actor,
  type AppConfig,
  type Logger,
} from '#core';
import { DatabaseModule } from '#database';
import { DispatchModule, DispatchService, Matcher, type ScoredCandidate } from '#domain/dispatch';
import { CATALOGUE, QueueModule } from '#queue';
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
  /** The same for many tasks at once (one statement), as a dispatch pass reads them. */
  candidatesOf(taskIds: readonly string[]): Promise<Map<string, ScoredCandidate[]>>;
  close(): Promise<void>;
}

/** What the API process runs of dispatch, without GraphQL. */
@Module({})
class BenchDispatchModule {
  static forRoot(options: { config: AppConfig; logger: Logger }): DynamicModule {
    return {
      module: BenchDispatchModule,
      imports: [CoreModule.forRoot(options), DatabaseModule, QueueModule, DispatchModule],
    };
  }
}

/**
 * Starts the dispatch feature in this process, as the API runs it (a Nest
 * application context over `env`: production, default log level), and
 * returns the driver. Publishing acts as the task's committee, signed in
 * (one session for the run), inside a request context as a resolver is.
 */
export async function startDispatchDriver(env: NodeJS.ProcessEnv): Promise<DispatchDriver> {
  const config = loadConfig(env);
  const logger = createLogger({ ...config.log, service: 'bench' });
  const app = await NestFactory.createApplicationContext(
    BenchDispatchModule.forRoot({ config, logger }),
    { logger: new NestPinoLogger(logger) },
  );
  await app.init();
  const dispatch = app.get(DispatchService);
  const matcher = app.get(Matcher);
  const clock = app.get(Clock);
  const sessionId = randomUUID();
  return {
    async publish(task) {
      const requestId = `bench-${task.id}`;
      const actor: Actor = {
        accountId: task.committeeAccountId,
        sessionId,
        grants: [{ role: 'COMMUNITY_ADMIN', communityId: task.communityId }],
        requestId,
      };
      await runInRequestContext({ requestId }, () => dispatch.publish(actor, task.id));
    },
    candidates: (taskId) => matcher.candidates(taskId, clock.now()),
    candidatesOf: (taskIds) => matcher.candidatesOf(taskIds, clock.now()),
    close: () => app.close(),
  };
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
