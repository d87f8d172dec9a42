import { Test, type TestingModule } from '@nestjs/testing';
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

/** Boots the real worker (outbox relay, BullMQ workers, handlers) against this run's database and Redis prefix. */
export async function startTestWorker(): Promise<TestWorker> {
  const config = testConfig({ WORKER_HEALTH_PORT: '0' });
  await migrateTestDatabase(config);
  const logs = captureLogs('worker');
  const sms = new RecordingSmsGateway();
  const module = await Test.createTestingModule({
    imports: [WorkerModule.forRoot({ config, logger: logs.logger })],
  })
    .overrideProvider(SmsGateway)
    .useValue(sms)
    .compile();
  await module.init();
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
