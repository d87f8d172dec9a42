import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ActorResolver } from '#auth';
import type { AppConfig } from '#core';
import { JOB_CATALOGUE, QueueRegistry, type JobCatalogue } from '#queue';
import { DashboardAccess } from './dashboard-access.js';
import { QUEUE_DASHBOARD_PATH } from './dashboard-path.js';

/**
 * Serves Bull Board at /admin/queues when configured (on by default outside
 * production): every queue of the job catalogue with its counts, and its jobs
 * with their errors, to operators only (see {@link DashboardAccess}). Job
 * payloads carry ids only, so it shows no personal data. Read-only: a
 * failed job is retried or removed by fixing its cause, not by hand here.
 */
export function registerQueueDashboard(app: NestFastifyApplication, config: AppConfig): void {
  if (!config.api.queueDashboard) return;
  const registry = app.get(QueueRegistry);
  const access = new DashboardAccess(app.get(ActorResolver), config);
  const board = new BullBoardAdapter().setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: app
      .get<JobCatalogue>(JOB_CATALOGUE)
      .queues.map(({ name }) => new BullMQAdapter(registry.get(name), { readOnlyMode: true })),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Vanguard queues' } },
  });
  const fastify = app.getHttpAdapter().getInstance();
  void fastify.register(
    (scope, _options, done) => {
      scope.post('/session', access.openSession);
      // Its own context, so the hook guards every route of the board and nothing else.
      void scope.register((boardScope, _boardOptions, boardDone) => {
        boardScope.addHook('onRequest', access.requireOperator);
        void boardScope.register(board.registerPlugin());
        boardDone();
      });
      done();
    },
    { prefix: QUEUE_DASHBOARD_PATH },
  );
}
