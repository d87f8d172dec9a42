import { describe, expect, it } from '@jest/globals';
import { canMove } from './task-status.js';
import { TASK_STATUSES, type TaskStatus } from './task.entity.js';

describe('canMove', () => {
  // Every allowed move; every other pair of statuses is refused.
  const allowed: [TaskStatus | null, TaskStatus][] = [
    [null, 'DRAFT'],
    ['DRAFT', 'DISPATCHING'],
    ['DRAFT', 'CANCELLED'],
    ['DISPATCHING', 'FILLED'],
    ['DISPATCHING', 'UNFILLED'],
    ['DISPATCHING', 'IN_PROGRESS'],
    ['DISPATCHING', 'CANCELLED'],
    ['FILLED', 'DISPATCHING'],
    ['FILLED', 'IN_PROGRESS'],
    ['FILLED', 'CANCELLED'],
    ['UNFILLED', 'DISPATCHING'],
    ['UNFILLED', 'IN_PROGRESS'],
    ['UNFILLED', 'CANCELLED'],
    ['IN_PROGRESS', 'COMPLETED'],
    ['IN_PROGRESS', 'CANCELLED'],
  ];
  const key = ([from, to]: [TaskStatus | null, TaskStatus]) => `${String(from)}→${to}`;
  const allowedKeys = new Set(allowed.map(key));
  const everyPair = [null, ...TASK_STATUSES].flatMap((from) =>
    TASK_STATUSES.map((to): [TaskStatus | null, TaskStatus] => [from, to]),
  );

  it.each(everyPair)('%s → %s', (from, to) => {
    expect(canMove(from, to)).toBe(allowedKeys.has(key([from, to])));
  });

  it('has no way out of COMPLETED or CANCELLED', () => {
    for (const to of TASK_STATUSES) {
      expect(canMove('COMPLETED', to)).toBe(false);
      expect(canMove('CANCELLED', to)).toBe(false);
    }
  });

  it('never skips a step: DRAFT cannot start, DISPATCHING cannot complete', () => {
    expect(canMove('DRAFT', 'IN_PROGRESS')).toBe(false);
    expect(canMove('DISPATCHING', 'COMPLETED')).toBe(false);
    expect(canMove('FILLED', 'COMPLETED')).toBe(false);
  });
});
