import { SetMetadata } from '@nestjs/common';
import type { JobPayload } from './job-payload.js';
import type { QueueName } from './queue-names.js';

export const JOB_HANDLER_METADATA = Symbol('JOB_HANDLER_METADATA');

export interface JobHandlerTarget {
  readonly queue: QueueName;
  readonly jobName: string;
}

/**
 * Handles one kind of job. Handlers must be idempotent: re-read state, exit
 * when the work is already done, and throw on failure so BullMQ retries (a
 * handler that catches and logs would turn a failure into a lost job).
 */
export interface JobHandler<P extends JobPayload = JobPayload> {
  handle(payload: P): Promise<void>;
}

/** Marks a provider as the handler of `jobName` on `queue`; the worker discovers it. */
export const HandlesJob = (queue: QueueName, jobName: string): ClassDecorator =>
  SetMetadata(JOB_HANDLER_METADATA, { queue, jobName } satisfies JobHandlerTarget);
