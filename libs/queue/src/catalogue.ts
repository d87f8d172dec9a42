import {
  defineJob,
  defineScheduledJob,
  type AnyJobDefinition,
  type JobOptions,
  type QueueDefinition,
} from './job-definition.js';

/**
 * Completed jobs are kept this long so that a relay that re-adds a job (after
 * a crash between adding it and marking its outbox row) hits the same jobId
 * and BullMQ ignores the duplicate; failed ones longer, to be looked into.
 */
export const KEEP_COMPLETED_SECONDS = 7 * 24 * 3600;

const KEPT = {
  removeOnComplete: { age: KEEP_COMPLETED_SECONDS },
  removeOnFail: { age: 4 * KEEP_COMPLETED_SECONDS },
} as const satisfies Partial<JobOptions>;

/** Every queue the system runs. Dispatch adds one per task category. */
export const QUEUES = {
  notifications: { name: 'notifications', concurrency: 4 },
  /** Housekeeping on a schedule: one at a time is plenty. */
  maintenance: { name: 'maintenance', concurrency: 1 },
} as const satisfies Record<string, QueueDefinition>;

export type NotificationSendPayload = { notificationId: string; idempotencyKey: string };

/**
 * Every job the system runs, declared once: name, queue, payload type and
 * options. A job whose handler the worker lacks stops the worker at start-up
 * (see JobWorkers), so nothing declared here can sit unconsumed.
 */
export const JOBS = {
  /**
   * Sends one notification (a `notification` row) through the configured
   * channel. A gateway that is down gets ten tries over about 40 minutes
   * (5 s doubling); after the last the notification is a dead letter that an
   * operator can see and send again.
   */
  notificationSend: defineJob<NotificationSendPayload>({
    name: 'notification.send',
    queue: QUEUES.notifications.name,
    options: { attempts: 10, backoff: { type: 'exponential', delay: 5_000 }, ...KEPT },
  }),
  /**
   * Deletes relayed outbox rows older than OUTBOX_RETENTION_HOURS. Hourly, so
   * the table stays small without one large delete; the time zone is stated
   * because a cron pattern means nothing without one.
   */
  outboxPrune: defineScheduledJob({
    name: 'outbox.prune',
    queue: QUEUES.maintenance.name,
    options: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, ...KEPT },
    schedule: { pattern: '17 * * * *', timeZone: 'Asia/Shanghai' },
  }),
  /**
   * Starts the FILLED tasks whose window has opened (FILLED → IN_PROGRESS,
   * recorded as the system's move). Every minute, so a task shows as under
   * way within a minute of its start; a run that finds nothing due does
   * nothing, and a task started by one run is no longer FILLED for the next.
   */
  taskStart: defineScheduledJob({
    name: 'task.start',
    queue: QUEUES.maintenance.name,
    options: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 }, ...KEPT },
    schedule: { pattern: '* * * * *', timeZone: 'Asia/Shanghai' },
  }),
} as const satisfies Record<string, AnyJobDefinition>;

/** The queues and jobs one process knows; tests may extend it with jobs of their own. */
export interface JobCatalogue {
  readonly queues: readonly QueueDefinition[];
  readonly jobs: readonly AnyJobDefinition[];
}

/** Injection token of the {@link JobCatalogue} the relay and the worker read. */
export const JOB_CATALOGUE = Symbol('JOB_CATALOGUE');

export const CATALOGUE: JobCatalogue = {
  queues: Object.values(QUEUES),
  jobs: Object.values(JOBS),
};

/** The declaration of `queue`/`name`, or undefined if the catalogue has none. */
export function findJob(
  catalogue: JobCatalogue,
  queue: string,
  name: string,
): AnyJobDefinition | undefined {
  return catalogue.jobs.find((job) => job.queue === queue && job.name === name);
}
