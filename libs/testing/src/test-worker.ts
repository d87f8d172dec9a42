import { Module, type Provider } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Clock } from '#core';
import { CATALOGUE, JOB_CATALOGUE, type JobCatalogue } from '#queue';
import { SmsGateway } from '#domain/notifications';
import { captureLogs } from './log-capture.js';
import { migrateTestDatabase } from './test-database.js';
import { testConfig } from './test-config.js';
import { WorkerModule } from '../../../apps/worker/src/worker.module.js';

/**
 * The one thing tests fake: the SMS provider outside the system. It records
 * what would have gone out, and can be made slow to hold a job in flight.
 */
export class RecordingSmsGateway extends SmsGateway {
  readonly sent: { phone: string; text: string }[] = [];
  /** Phones whose message has started sending (other suites' jobs pass through this worker too). */
  readonly started: string[] = [];
  delayMs = 0;

  async send(phone: string, text: string): Promise<void> {
    this.started.push(phone);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    this.sent.push({ phone, text });
  }
}

export interface TestWorker {
  readonly module: TestingModule;
  readonly sms: RecordingSmsGateway;
  readonly logLines: () => string[];
  close(): Promise<void>;
}

export interface TestWorkerOptions {
  /** The domain clock (a {@link TestClock} to move by hand with `advanceTime`). */
  readonly clock?: Clock;
  /** Settings over the test configuration (WORKER_QUEUES, WORKER_CONCURRENCY, …). */
  readonly env?: Record<string, string>;
  /** Jobs and queues of the test's own, added to the system's catalogue. */
  readonly extraJobs?: Partial<JobCatalogue>;
  /** Providers the test adds to the worker: handlers of its own jobs. */
  readonly providers?: Provider[];
}

/**
 * Boots the real worker (outbox relay, BullMQ workers, handlers) against this
 * run's database and Redis prefix. A start-up that fails (a declared job with
 * no handler) closes what it opened before rethrowing.
 */
export async function startTestWorker(options: TestWorkerOptions = {}): Promise<TestWorker> {
  const config = testConfig({ WORKER_HEALTH_PORT: '0', ...options.env });
  await migrateTestDatabase(config);
  const logs = captureLogs('worker');
  const sms = new RecordingSmsGateway();
  const catalogue: JobCatalogue = {
    queues: [...CATALOGUE.queues, ...(options.extraJobs?.queues ?? [])],
    jobs: [...CATALOGUE.jobs, ...(options.extraJobs?.jobs ?? [])],
  };
  @Module({ providers: options.providers ?? [] })
  class TestJobsModule {}
  const module = await Test.createTestingModule({
    imports: [
      WorkerModule.forRoot({
        config,
        logger: logs.logger,
        ...(options.clock ? { clock: options.clock } : {}),
      }),
      TestJobsModule,
    ],
  })
    .overrideProvider(SmsGateway)
    .useValue(sms)
    .overrideProvider(JOB_CATALOGUE)
    .useValue(catalogue)
    .compile();
  try {
    await module.init();
  } catch (error) {
    await module.close();
    throw error;
  }
  return { module, sms, logLines: logs.lines, close: () => module.close() };
}

/** Polls until `check` holds or the time is up; for waiting on the worker, never as a timing assertion. */
export async function eventually(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
