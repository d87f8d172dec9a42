import { Module, type ModuleMetadata, type Provider } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Clock } from '#core';
import { CATALOGUE, JOB_CATALOGUE, type JobCatalogue } from '#queue';
import { NotificationChannel, type RenderedNotification } from '#domain/notifications/delivery';
import { captureLogs } from './log-capture.js';
import { suiteDatabaseReady } from './test-database.js';
import { testConfig } from './test-config.js';
import { WorkerModule } from '../../../apps/worker/src/worker.module.js';

/**
 * The one thing tests fake: the gateway outside the system, behind the
 * notification channel. It records what would have gone out (with the
 * member's phone, for member recipients), and can be made slow to hold a
 * job in flight.
 */
export class RecordingChannel extends NotificationChannel {
  readonly name = 'LOG';
  readonly sent: (RenderedNotification & { phone: string | null })[] = [];
  /** Notifications whose delivery has started. */
  readonly started: RenderedNotification[] = [];
  delayMs = 0;

  async deliver(message: RenderedNotification): Promise<void> {
    this.started.push(message);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const phone = message.recipient.kind === 'MEMBER' ? message.recipient.phone : null;
    this.sent.push({ ...message, phone });
  }

  /** Messages sent to this phone. */
  to(phone: string): (RenderedNotification & { phone: string | null })[] {
    return this.sent.filter((message) => message.phone === phone);
  }
}

export interface TestWorker {
  readonly module: TestingModule;
  /** The recording channel, unless the test runs the configured one (`channel: 'configured'`). */
  readonly channel: RecordingChannel;
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
  /** Modules those providers need. */
  readonly imports?: ModuleMetadata['imports'];
  /**
   * `recording` (default): notifications go to {@link RecordingChannel};
   * `configured`: to the channel NOTIFICATION_CHANNEL names (a test's own webhook server).
   */
  readonly channel?: 'recording' | 'configured';
}

/**
 * Boots the real worker (outbox relay, BullMQ workers, handlers) against this
 * run's database and Redis prefix. A start-up that fails (a declared job with
 * no handler) closes what it opened before rethrowing.
 */
export async function startTestWorker(options: TestWorkerOptions = {}): Promise<TestWorker> {
  const config = testConfig({ WORKER_HEALTH_PORT: '0', ...options.env });
  await suiteDatabaseReady();
  const logs = captureLogs('worker');
  const channel = new RecordingChannel();
  const catalogue: JobCatalogue = {
    queues: [...CATALOGUE.queues, ...(options.extraJobs?.queues ?? [])],
    jobs: [...CATALOGUE.jobs, ...(options.extraJobs?.jobs ?? [])],
  };
  @Module({ imports: options.imports ?? [], providers: options.providers ?? [] })
  class TestJobsModule {}
  const builder = Test.createTestingModule({
    imports: [
      WorkerModule.forRoot({
        config,
        logger: logs.logger,
        ...(options.clock ? { clock: options.clock } : {}),
      }),
      TestJobsModule,
    ],
  })
    .overrideProvider(JOB_CATALOGUE)
    .useValue(catalogue);
  if (options.channel !== 'configured')
    builder.overrideProvider(NotificationChannel).useValue(channel);
  const module = await builder.compile();
  try {
    await module.init();
  } catch (error) {
    await module.close();
    throw error;
  }
  return { module, channel, logLines: logs.lines, close: () => module.close() };
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
