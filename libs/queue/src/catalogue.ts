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

/**
 * Every queue the system runs. Dispatch has one per task category, so that a
 * burst of routine tasks cannot hold up professional ones (each its own
 * concurrency, WORKER_CONCURRENCY to change it), and one for its timers
 * (offer expiry, escalation, a window that starts before the task filled).
 */
export const QUEUES = {
  notifications: { name: 'notifications', concurrency: 4 },
  dispatchRoutine: { name: 'dispatch-routine', concurrency: 4 },
  dispatchProfessional: { name: 'dispatch-professional', concurrency: 2 },
  dispatchJoint: { name: 'dispatch-joint', concurrency: 2 },
  dispatchTimers: { name: 'dispatch-timers', concurrency: 4 },
  /**
   * Call-ups apart from dispatch, so that a crisis's fan-out is not queued
   * behind a morning's dispatch passes (nor holds them up).
   */
  callUps: { name: 'call-ups', concurrency: 2 },
  /** Housekeeping on a schedule: one at a time is plenty. */
  maintenance: { name: 'maintenance', concurrency: 1 },
  /**
   * Report exports, apart: they are memory-heavy, so a deployment may run a
   * worker for this queue alone (WORKER_QUEUES=reports) and keep it off
   * the others.
   */
  reports: { name: 'reports', concurrency: 1 },
} as const satisfies Record<string, QueueDefinition>;

/**
 * A dispatch pass over one task; the key names the round it belongs to
 * (`dispatch:<taskId>:<round>`), so a job of an earlier round does nothing.
 */
export type TaskDispatchPayload = { taskId: string; idempotencyKey: string };
/** The end of one offer's answer time (`offer-expiry:<offerId>`). */
export type OfferExpiryPayload = { offerId: string; idempotencyKey: string };
/** A timer of one task's round (`escalation:<taskId>:<round>`, `window-start:<taskId>:<round>`). */
export type TaskTimerPayload = { taskId: string; idempotencyKey: string };

/** The round a dispatch or timer key names (its last part). */
export function roundOfKey(idempotencyKey: string): number {
  return Number(idempotencyKey.slice(idempotencyKey.lastIndexOf(':') + 1));
}

/** The BullMQ id of an offer's expiry job, so that an answer can remove it. */
export const offerExpiryJobId = (offerId: string) => `offer-expiry-${offerId}`;

/** Dispatch passes retry quickly: an offer not made is a member not asked. */
const DISPATCH_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  ...KEPT,
} as const satisfies JobOptions;

/**
 * A gateway that is down gets ten tries over about 40 minutes (5 s
 * doubling); after the last the notification is a dead letter that an
 * operator can see and send again.
 */
const NOTIFICATION_OPTIONS = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 5_000 },
  ...KEPT,
} as const satisfies JobOptions;

export type NotificationSendPayload = { notificationId: string; idempotencyKey: string };
/** The notifications of one batch of a broadcast (`notification-batch:<batchId>`). */
export type NotificationBatchPayload = { batchId: string; idempotencyKey: string };
/** A call-up to fan out (`call-up:<callUpId>`) or to remind of (`call-up-remind:<callUpId>:<n>`). */
export type CallUpPayload = { callUpId: string; idempotencyKey: string };
/** A post to plan the shifts of (`post-plan:<postId>:<the id of what changed>`). */
export type PostPlanPayload = { postId: string; idempotencyKey: string };
/** A shift booking its member released (`shift-refill:<assignmentId>`). */
export type ShiftRefillPayload = { assignmentId: string; idempotencyKey: string };
/** A report export to make (`report-export:<exportId>`). */
export type ReportExportPayload = { exportId: string; idempotencyKey: string };

/**
 * Every job the system runs, declared once: name, queue, payload type and
 * options. A job whose handler the worker lacks stops the worker at start-up
 * (see JobWorkers), so nothing declared here can sit unconsumed.
 */
export const JOBS = {
  /** Sends one notification (a `notification` row) through the configured channel. */
  notificationSend: defineJob<NotificationSendPayload>({
    name: 'notification.send',
    queue: QUEUES.notifications.name,
    options: NOTIFICATION_OPTIONS,
  }),
  /**
   * Sends one batch of a broadcast (a call-up to up to 100,000 members and
   * its reminders): a few hundred notifications in one job rather than one
   * job each, or the last member of a large call-up would hear minutes late.
   * Retried like a single send; a retry sends only what is still pending.
   */
  notificationSendBatch: defineJob<NotificationBatchPayload>({
    name: 'notification.send-batch',
    queue: QUEUES.notifications.name,
    options: NOTIFICATION_OPTIONS,
    jobId: (payload) => `notification-batch-${payload.batchId}`,
  }),
  /**
   * Writes a call-up's roll-call (one row per member called) and queues its
   * messages by batch, in one transaction: a retry finds it done.
   */
  callUpFanOut: defineJob<CallUpPayload>({
    name: 'call-up.fan-out',
    queue: QUEUES.callUps.name,
    options: { attempts: 8, backoff: { type: 'exponential', delay: 1_000 }, ...KEPT },
  }),
  /**
   * Reminds a call-up's members who have not answered, then schedules the
   * next reminder while the respond-by time is ahead. Each reminder's number
   * is in its key and job id, so a replay sends no reminder twice.
   */
  callUpRemind: defineJob<CallUpPayload>({
    name: 'call-up.remind',
    queue: QUEUES.callUps.name,
    options: { attempts: 8, backoff: { type: 'exponential', delay: 1_000 }, ...KEPT },
    jobId: (payload) =>
      `call-up-remind-${payload.callUpId}-${String(roundOfKey(payload.idempotencyKey))}`,
  }),
  /**
   * Dispatch passes, one definition per category queue (the task's category
   * picks it; see dispatchJobOf). Each enqueue is its own job: a decline, an
   * expiry or a withdrawal each ask for one more pass.
   */
  dispatchRoutine: defineJob<TaskDispatchPayload>({
    name: 'task.dispatch',
    queue: QUEUES.dispatchRoutine.name,
    options: DISPATCH_OPTIONS,
  }),
  dispatchProfessional: defineJob<TaskDispatchPayload>({
    name: 'task.dispatch',
    queue: QUEUES.dispatchProfessional.name,
    options: DISPATCH_OPTIONS,
  }),
  dispatchJoint: defineJob<TaskDispatchPayload>({
    name: 'task.dispatch',
    queue: QUEUES.dispatchJoint.name,
    options: DISPATCH_OPTIONS,
  }),
  /**
   * An offer's answer time is up. Delayed by the task's offer timeout; its id
   * comes from the offer, so an answer removes it (the handler re-checks the
   * offer anyway, as the removal may race the timer).
   */
  offerExpiry: defineJob<OfferExpiryPayload>({
    name: 'offer.expire',
    queue: QUEUES.dispatchTimers.name,
    options: DISPATCH_OPTIONS,
    jobId: (payload) => offerExpiryJobId(payload.offerId),
  }),
  /** A group leader told of a task nobody took had their time: the committee is told next. */
  escalationStep: defineJob<TaskTimerPayload>({
    name: 'task.escalate',
    queue: QUEUES.dispatchTimers.name,
    options: DISPATCH_OPTIONS,
    jobId: (payload) =>
      `escalation-${payload.taskId}-${String(roundOfKey(payload.idempotencyKey))}`,
  }),
  /** A task's window starts: if it is still being dispatched, it is UNFILLED. */
  windowStart: defineJob<TaskTimerPayload>({
    name: 'task.window-start',
    queue: QUEUES.dispatchTimers.name,
    options: DISPATCH_OPTIONS,
    jobId: (payload) =>
      `window-start-${payload.taskId}-${String(roundOfKey(payload.idempotencyKey))}`,
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
   * Plans one post's shifts now (generates the window, books claimants),
   * after the committee or a member changed it. Planning is idempotent, so a
   * retry or a second job for the same post creates nothing twice.
   */
  postPlan: defineJob<PostPlanPayload>({
    name: 'post.plan-shifts',
    queue: QUEUES.maintenance.name,
    options: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, ...KEPT },
  }),
  /**
   * Refills a shift place its member released: the post's other claimants
   * first, else a task for the place through dispatch. One task per released
   * booking, so a retry sends nothing twice.
   */
  shiftRefill: defineJob<ShiftRefillPayload>({
    name: 'shift.refill',
    queue: QUEUES.maintenance.name,
    options: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, ...KEPT },
  }),
  /**
   * Nightly, every active post: the four-week window moves on a day, and
   * places freed since are offered to claimants again.
   */
  shiftsPlan: defineScheduledJob({
    name: 'shifts.plan',
    queue: QUEUES.maintenance.name,
    options: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, ...KEPT },
    schedule: { pattern: '5 3 * * *', timeZone: 'Asia/Shanghai' },
  }),
  /**
   * Freezes the leaderboards of the month (and year) just closed in each
   * community's time zone. Daily, so a community in any time zone is frozen
   * within a day of its month ending; a run finding them frozen does nothing.
   */
  leaderboardsFreeze: defineScheduledJob({
    name: 'leaderboards.freeze',
    queue: QUEUES.maintenance.name,
    options: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, ...KEPT },
    schedule: { pattern: '10 0 * * *', timeZone: 'Asia/Shanghai' },
  }),
  /** Makes one report export's file; a retry starts it again from the beginning. */
  reportExport: defineJob<ReportExportPayload>({
    name: 'report.export',
    queue: QUEUES.reports.name,
    options: { attempts: 3, backoff: { type: 'exponential', delay: 10_000 }, ...KEPT },
  }),
  /** Removes report exports (file and row) past their retention. */
  reportExportsPrune: defineScheduledJob({
    name: 'report-exports.prune',
    queue: QUEUES.maintenance.name,
    options: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, ...KEPT },
    schedule: { pattern: '50 3 * * *', timeZone: 'Asia/Shanghai' },
  }),
  /**
   * Reminds the members behind pace on a commitment or requirement, and
   * their group leaders: Monday mornings, so the week ahead can catch up.
   */
  complianceRemind: defineScheduledJob({
    name: 'compliance.remind',
    queue: QUEUES.maintenance.name,
    options: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, ...KEPT },
    schedule: { pattern: '0 9 * * 1', timeZone: 'Asia/Shanghai' },
  }),
  /** Removes duty-log photos uploaded but never attached to a log (after three weeks). */
  photosSweep: defineScheduledJob({
    name: 'photos.sweep',
    queue: QUEUES.maintenance.name,
    options: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, ...KEPT },
    schedule: { pattern: '40 3 * * *', timeZone: 'Asia/Shanghai' },
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
