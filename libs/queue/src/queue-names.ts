import type { DefaultJobOptions } from 'bullmq';

/**
 * Every BullMQ queue the system runs, with its retry policy. Dispatch adds one
 * queue per task category here; the outbox relay and the worker read this
 * registry, so a queue cannot be produced to without being consumed.
 */
export const QUEUES = {
  notifications: {
    attempts: 8,
    backoff: { type: 'exponential', delay: 2_000 },
  },
} as const satisfies Record<string, DefaultJobOptions>;

export type QueueName = keyof typeof QUEUES;

export const QUEUE_NAMES = Object.keys(QUEUES) as QueueName[];

/**
 * Completed jobs are kept this long so that a relay that re-adds a job (after
 * a crash between adding it and marking its outbox row) hits the same jobId
 * and BullMQ ignores the duplicate.
 */
export const KEEP_COMPLETED_SECONDS = 7 * 24 * 3600;
