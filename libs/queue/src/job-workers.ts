import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Job, Worker } from 'bullmq';
import { APP_CONFIG, LOGGER, runInRequestContext, type AppConfig, type Logger } from '#core';
import { JOB_CATALOGUE, type JobCatalogue } from './catalogue.js';
import { isScheduled, type AnyJobDefinition, type QueueDefinition } from './job-definition.js';
import { upsertSchedule } from './schedule.js';
import { JOB_HANDLER_METADATA, type JobHandler } from './job-handler.js';
import { QueueRegistry } from './queue-registry.js';

/**
 * The request that caused the job (the relay put its id on it), or for a
 * job no request caused (a scheduled one) the job itself.
 */
const requestIdOf = (job: Job) => job.opts.telemetry?.metadata ?? `job-${String(job.id)}`;

const jobKey = (job: { queue: string; name: string }) => `${job.queue}/${job.name}`;

/**
 * Starts one BullMQ worker per queue this process consumes (WORKER_QUEUES,
 * default all), with its concurrency (the catalogue's, or WORKER_CONCURRENCY),
 * registers the schedulers of its repeating jobs, and routes each job to its
 * handler by name. Start-up fails, naming the job, when a declared job of
 * those queues has no handler: otherwise its jobs would pile up unconsumed.
 * On shutdown it stops taking jobs and waits for the ones in flight
 * (`Worker.close` does both) before the database goes away.
 */
@Injectable()
export class JobWorkers implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  /**
   * This process's name on every job it runs (BullMQ's `processedBy`, shown
   * on the dashboard): with several workers, which one ran a job. Host and
   * pid, and a random part, since two worker apps may share a process (tests).
   */
  readonly name = `${hostname()}:${String(process.pid)}:${randomBytes(3).toString('hex')}`;
  private readonly workers: Worker[] = [];
  private readonly handlers = new Map<string, JobHandler>();
  private consumed: QueueDefinition[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly queues: QueueRegistry,
    @Inject(JOB_CATALOGUE) private readonly catalogue: JobCatalogue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Checks the catalogue against the handlers before anything starts. */
  onModuleInit(): void {
    const declared = new Set(this.catalogue.jobs.map(jobKey));
    for (const wrapper of this.discovery.getProviders()) {
      const metatype = wrapper.metatype;
      const instance: unknown = wrapper.instance;
      if (!metatype || !instance) continue;
      const job = this.reflector.get<AnyJobDefinition | undefined>(JOB_HANDLER_METADATA, metatype);
      if (!job) continue;
      const key = jobKey(job);
      if (!declared.has(key)) {
        throw new Error(`Job "${key}" has a handler but is not declared in the catalogue`);
      }
      if (this.handlers.has(key)) throw new Error(`Two handlers for job "${key}"`);
      this.handlers.set(key, instance as JobHandler);
    }
    this.consumed = this.selectQueues();
    for (const job of this.catalogue.jobs) {
      if (!this.catalogue.queues.some((queue) => queue.name === job.queue)) {
        throw new Error(`Job "${jobKey(job)}" names a queue the catalogue does not declare`);
      }
      if (
        this.consumed.some((queue) => queue.name === job.queue) &&
        !this.handlers.has(jobKey(job))
      ) {
        throw new Error(
          `Job "${jobKey(job)}" is declared but no handler is registered for it: ` +
            'import the module that provides its @HandlesJob class into the worker',
        );
      }
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const queue of this.consumed) {
      await this.registerSchedulers(queue.name);
      const worker = this.queues.broker.worker(queue.name, (job) => this.run(queue.name, job), {
        concurrency: this.concurrencyOf(queue),
        name: this.name,
      });
      worker.on('failed', (job, err) => {
        this.logger.warn(
          {
            queue: queue.name,
            jobName: job?.name,
            jobId: job?.id,
            attemptsMade: job?.attemptsMade,
            requestId: job && requestIdOf(job),
            err,
          },
          'job failed',
        );
      });
      worker.on('error', (err) => {
        this.logger.error({ queue: queue.name, err }, 'worker error');
      });
      this.workers.push(worker);
      this.queues.addConsumer(worker);
    }
    this.logger.info(
      {
        worker: this.name,
        queues: this.consumed.map((queue) => ({
          name: queue.name,
          concurrency: this.concurrencyOf(queue),
        })),
      },
      'job workers started',
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }

  /** Runs a job in the context of its request, so every line the handler logs names it. */
  private run(queue: string, job: Job): Promise<void> {
    const handler = this.handlers.get(jobKey({ queue, name: job.name }));
    if (!handler) throw new Error(`No handler for job "${queue}/${job.name}"`);
    return runInRequestContext({ requestId: requestIdOf(job) }, async () => {
      await handler.handle(job.data as never);
      this.logger.debug({ queue, jobName: job.name, jobId: job.id }, 'job completed');
    });
  }

  /**
   * Upserts one BullMQ job scheduler per repeating job of `queue` (idempotent:
   * every worker start does it) and removes those no longer declared, so a
   * schedule taken out of the catalogue stops.
   */
  private async registerSchedulers(queueName: string): Promise<void> {
    const queue = this.queues.get(queueName);
    const scheduled = this.catalogue.jobs
      .filter((job) => job.queue === queueName)
      .filter(isScheduled);
    for (const job of scheduled) {
      await upsertSchedule(queue, job);
    }
    for (const existing of await queue.getJobSchedulers()) {
      if (!scheduled.some((job) => job.name === existing.key)) {
        await queue.removeJobScheduler(existing.key);
      }
    }
  }

  private concurrencyOf(queue: QueueDefinition): number {
    return this.config.worker.concurrency[queue.name] ?? queue.concurrency;
  }

  private selectQueues(): QueueDefinition[] {
    const names = this.config.worker.queues;
    const wanted = names.length === 0 ? this.catalogue.queues.map((queue) => queue.name) : names;
    for (const name of [...wanted, ...Object.keys(this.config.worker.concurrency)]) {
      if (!this.catalogue.queues.some((queue) => queue.name === name)) {
        throw new Error(
          `WORKER_QUEUES/WORKER_CONCURRENCY name queue "${name}", which the catalogue does not declare`,
        );
      }
    }
    return this.catalogue.queues.filter((queue) => wanted.includes(queue.name));
  }
}
