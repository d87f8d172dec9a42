import { SetMetadata } from '@nestjs/common';
import type { AnyJobDefinition, PayloadOf } from './job-definition.js';

export const JOB_HANDLER_METADATA = Symbol('JOB_HANDLER_METADATA');

/**
 * Handles one kind of job. Handlers must be idempotent: re-read state, exit
 * when the work is already done, and throw on failure so BullMQ retries (a
 * handler that catches and logs would turn a failure into a lost job).
 * `handle` is a property, not a method, so its payload is checked strictly.
 */
export interface JobHandler<J extends AnyJobDefinition = AnyJobDefinition> {
  readonly handle: (payload: PayloadOf<J>) => Promise<void>;
}

/**
 * Marks a provider as the handler of `job`; the worker discovers it. The
 * class must handle exactly that job's payload, or this does not compile.
 */
export function HandlesJob<J extends AnyJobDefinition>(
  job: J,
): (target: abstract new (...args: never[]) => JobHandler<J>) => void {
  return (target) => {
    SetMetadata(JOB_HANDLER_METADATA, job)(target);
  };
}
