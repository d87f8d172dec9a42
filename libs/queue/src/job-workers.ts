import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { Worker } from 'bullmq';
import { LOGGER, type Logger } from '#core';
import { JOB_HANDLER_METADATA, type JobHandler, type JobHandlerTarget } from './job-handler.js';
import type { JobPayload } from './job-payload.js';
import type { QueueName } from './queue-names.js';
import { QueueRegistry } from './queue-registry.js';

const CONCURRENCY = 4;

/**
 * Starts one BullMQ worker per queue that has handlers and routes each job to
 * its handler by name. On shutdown it stops taking jobs and waits for the
 * ones in flight (`Worker.close` does both) before the database goes away.
 */
@Injectable()
export class JobWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly workers: Worker[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly queues: QueueRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const routes = new Map<QueueName, Map<string, JobHandler>>();
    for (const wrapper of this.discovery.getProviders()) {
      const metatype = wrapper.metatype;
      const instance: unknown = wrapper.instance;
      if (!metatype || !instance) continue;
      const target = this.reflector.get<JobHandlerTarget | undefined>(
        JOB_HANDLER_METADATA,
        metatype,
      );
      if (!target) continue;
      const byName = routes.get(target.queue) ?? new Map<string, JobHandler>();
      if (byName.has(target.jobName)) {
        throw new Error(`Two handlers for ${target.queue}/${target.jobName}`);
      }
      byName.set(target.jobName, instance as JobHandler);
      routes.set(target.queue, byName);
    }
    for (const [queue, byName] of routes) {
      const worker = new Worker<JobPayload>(
        queue,
        async (job) => {
          const handler = byName.get(job.name);
          if (!handler) throw new Error(`No handler for job ${queue}/${job.name}`);
          await handler.handle(job.data);
        },
        {
          connection: this.queues.connection,
          prefix: this.queues.prefix,
          concurrency: CONCURRENCY,
        },
      );
      worker.on('failed', (job, err) => {
        this.logger.warn(
          { queue, jobName: job?.name, jobId: job?.id, attemptsMade: job?.attemptsMade, err },
          'job failed',
        );
      });
      worker.on('error', (err) => {
        this.logger.error({ queue, err }, 'worker error');
      });
      this.workers.push(worker);
    }
    this.logger.info({ queues: [...routes.keys()] }, 'job workers started');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}
