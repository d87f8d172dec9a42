/** The schema BullMQ's PostgreSQL backend keeps its queues in (the `migrate` command brings it up to date). */
export const BULLMQ_SCHEMA = 'bullmq';
