import type { BackoffOptions, KeepJobs } from 'bullmq';
import type { JobPayload } from './job-payload.js';

/** What the catalogue may set per job; everything else about a job is BullMQ's default. */
export interface JobOptions {
  readonly attempts: number;
  readonly backoff?: BackoffOptions;
  /** 1 (first) to 2,097,152; unset: before every prioritised job, in order of arrival. */
  readonly priority?: number;
  readonly removeOnComplete?: KeepJobs;
  readonly removeOnFail?: KeepJobs;
}

/**
 * One kind of job, declared once in the catalogue. Producers
 * (`Outbox.enqueue`), handlers (`@HandlesJob`) and the relay all take the
 * definition, so a payload that does not fit its handler does not compile.
 * `P` only types the payload; no value of it is stored here.
 */
export interface JobDefinition<P extends JobPayload = JobPayload> {
  readonly name: string;
  readonly queue: string;
  readonly options: JobOptions;
  /**
   * The BullMQ job id of a job that belongs to one entity ("expire offer X"),
   * so that it can be found, replaced (removed, then enqueued again) or
   * removed. Without it each job gets the id of its outbox row. BullMQ
   * ignores a job whose id it still holds, completed ones included: enqueue
   * again only after removing the earlier job.
   */
  jobId?(payload: P): string;
  /** Never set: carries `P` so that TypeScript can match producers and handlers. */
  readonly payloadType?: P;
}

/** When a repeating job runs: a cron pattern, read in the stated time zone. */
export interface Schedule {
  readonly pattern: string;
  readonly timeZone: string;
}

/**
 * A job BullMQ creates itself on a schedule (reminders, rolling shift
 * generation, period freezes, cleanup), registered by the worker through a
 * job scheduler named after the job. It carries no payload: the handler
 * works out what is due from the clock and the database.
 */
export interface ScheduledJobDefinition {
  readonly name: string;
  readonly queue: string;
  readonly options: JobOptions;
  readonly schedule: Schedule;
}

export type AnyJobDefinition = JobDefinition | ScheduledJobDefinition;

/** The payload a handler of `J` receives. */
export type PayloadOf<J extends AnyJobDefinition> =
  J extends JobDefinition<infer P> ? P : Record<string, never>;

/** A queue and how many of its jobs one worker process runs at once. */
export interface QueueDefinition {
  readonly name: string;
  readonly concurrency: number;
}

/** Declares a job carried by an outbox row; `P` is its payload (ids and an idempotency key). */
export function defineJob<P extends JobPayload>(
  definition: Omit<JobDefinition<P>, 'payloadType'>,
): JobDefinition<P> {
  return definition;
}

export function defineScheduledJob(definition: ScheduledJobDefinition): ScheduledJobDefinition {
  return definition;
}

export function isScheduled(job: AnyJobDefinition): job is ScheduledJobDefinition {
  return 'schedule' in job;
}
