import type { Queue } from 'bullmq';
import type { ScheduledJobDefinition } from './job-definition.js';

/** What BullMQ says when the iteration an upsert would create exists and cannot be replaced. */
const ITERATION_EXISTS = 'job ID already exists';

/**
 * Registers (or updates) the BullMQ job scheduler of a repeating job.
 * BullMQ refuses the upsert when the iteration it would create is already
 * there and cannot be replaced (being run, or run and kept): another worker
 * started at the same moment, or this one restarted within the schedule's
 * period, or a test promoted the iteration early. The schedule is then in
 * place; only a schedule that differs from the declared one is worth
 * stopping the worker for.
 */
export async function upsertSchedule(
  queue: Pick<Queue, 'upsertJobScheduler' | 'getJobScheduler'>,
  job: ScheduledJobDefinition,
): Promise<void> {
  const repeat = { pattern: job.schedule.pattern, tz: job.schedule.timeZone };
  try {
    await queue.upsertJobScheduler(job.name, repeat, {
      name: job.name,
      data: {},
      opts: job.options,
    });
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes(ITERATION_EXISTS)) throw error;
    const current = await queue.getJobScheduler(job.name);
    if (current?.pattern !== repeat.pattern || current.tz !== repeat.tz) throw error;
  }
}
