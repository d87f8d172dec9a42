import { AsyncLocalStorage } from 'node:async_hooks';

/** What follows one unit of work (an API request, a job) through its async calls. */
export interface RequestContext {
  /** The API request's id, or for a job the id of the request that caused it. */
  readonly requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * Runs `work` with `context` as the current request context: every log line
 * written inside it carries the request id (see the logger's mixin), and an
 * outbox row written inside it records the id, so one id follows a mutation
 * from the API through the relay to the job handler.
 */
export function runInRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The current request id, or undefined outside any request or job. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
