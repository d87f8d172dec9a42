import type { TaskStatus } from './task.entity.js';

/**
 * The task's status machine (docs/domain.md, "Tasks"): the moves each status
 * allows. A task is drafted, published (DISPATCHING), filled, started when
 * its window opens, completed; it can be cancelled until it is completed.
 * FILLED goes back to DISPATCHING when a member withdraws before the start,
 * UNFILLED (nobody left to offer it to) back to DISPATCHING when the
 * committee re-dispatches it. A task whose window opens short of people
 * still starts (DISPATCHING or UNFILLED → IN_PROGRESS) when anyone is
 * booked: those members do the work and their service must count.
 * COMPLETED and CANCELLED are final.
 */
export const TASK_TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  DRAFT: ['DISPATCHING', 'CANCELLED'],
  DISPATCHING: ['FILLED', 'UNFILLED', 'IN_PROGRESS', 'CANCELLED'],
  FILLED: ['DISPATCHING', 'IN_PROGRESS', 'CANCELLED'],
  UNFILLED: ['DISPATCHING', 'IN_PROGRESS', 'CANCELLED'],
  IN_PROGRESS: ['COMPLETED', 'CANCELLED'],
  COMPLETED: [],
  CANCELLED: [],
};

/** Whether a task may move from `from` to `to`; `from` null is its creation, which is always DRAFT. */
export function canMove(from: TaskStatus | null, to: TaskStatus): boolean {
  if (from === null) return to === 'DRAFT';
  return TASK_TRANSITIONS[from].includes(to);
}

/** The reason recorded when the system starts a task because its window opened. */
export const TASK_WINDOW_OPENED = 'window opened';
