import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Queue, Worker } from 'bullmq';
import { Broker } from './broker/index.js';
import { JOB_CATALOGUE, type JobCatalogue } from './catalogue.js';

/**
 * Starts and stops the process's broker (Redis or PostgreSQL, see Broker)
 * and keeps one BullMQ {@link Queue} per queue of the catalogue (each job
 * brings its own options: see the catalogue). On Redis keys live under the
 * configured prefix, on PostgreSQL in the run's own database, so test runs
 * never see each other's jobs.
 */
@Injectable()
export class QueueRegistry implements OnModuleInit, OnApplicationShutdown {
  private readonly queues = new Map<string, Queue>();
  private readonly consumers: Worker[] = [];

  constructor(
    readonly broker: Broker,
    @Inject(JOB_CATALOGUE) private readonly catalogue: JobCatalogue,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.broker.start();
  }

  get(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      if (!this.catalogue.queues.some((declared) => declared.name === name)) {
        throw new Error(`Queue "${name}" is not declared in the job catalogue`);
      }
      queue = this.broker.queue(name);
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Records a BullMQ worker of this process, for the readiness probe (JobWorkers starts and stops them). */
  addConsumer(worker: Worker): void {
    this.consumers.push(worker);
  }

  consumedQueues(): string[] {
    return this.consumers.map((worker) => worker.name);
  }

  /** Queues whose worker of this process is not taking jobs (closing, closed or not started). */
  stoppedConsumers(): string[] {
    return this.consumers
      .filter((worker) => worker.closing !== undefined || !worker.isRunning())
      .map((worker) => worker.name);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    await this.broker.close();
  }
}
