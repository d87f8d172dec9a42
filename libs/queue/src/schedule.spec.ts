import { describe, expect, it } from '@jest/globals';
import type { Queue } from 'bullmq';
import { defineScheduledJob } from './job-definition.js';
import { upsertSchedule } from './schedule.js';

const TICK = defineScheduledJob({
  name: 'tick',
  queue: 'maintenance',
  options: { attempts: 1 },
  schedule: { pattern: '* * * * *', timeZone: 'Asia/Shanghai' },
});

const COLLISION = new Error(
  'Cannot create job scheduler iteration - job ID already exists. addJobScheduler',
);

/** A queue whose upsert fails with `error` and whose stored scheduler is `stored`. */
function queue(error: Error | null, stored: { pattern: string; tz: string } | undefined) {
  return {
    upsertJobScheduler: () => (error ? Promise.reject(error) : Promise.resolve()),
    getJobScheduler: () =>
      Promise.resolve(stored && { key: TICK.name, name: TICK.name, ...stored }),
  } as unknown as Pick<Queue, 'upsertJobScheduler' | 'getJobScheduler'>;
}

describe('registering a schedule', () => {
  it('goes on when the iteration exists and the stored schedule is the declared one', async () => {
    await expect(
      upsertSchedule(queue(COLLISION, { pattern: '* * * * *', tz: 'Asia/Shanghai' }), TICK),
    ).resolves.toBeUndefined();
  });

  it('stops when the stored schedule differs, or is missing', async () => {
    await expect(
      upsertSchedule(queue(COLLISION, { pattern: '0 * * * *', tz: 'Asia/Shanghai' }), TICK),
    ).rejects.toBe(COLLISION);
    await expect(upsertSchedule(queue(COLLISION, undefined), TICK)).rejects.toBe(COLLISION);
  });

  it('stops on any other error', async () => {
    const down = new Error('Connection is closed.');
    await expect(
      upsertSchedule(queue(down, { pattern: '* * * * *', tz: 'Asia/Shanghai' }), TICK),
    ).rejects.toBe(down);
  });
});
