import { Validate } from '#core';
import type { TaskCategory } from '#domain/task-types';
import type { TaskPriority } from './task.entity.js';
import { TasksErrors } from './tasks.errors.js';

/** A task may ask for 1 to 200 members: a 10,000 is a typo, not a task. */
export const MAX_HEADCOUNT = 200;
/** A task is one sitting of work; longer duties are posts with shifts. */
export const MAX_WINDOW_MS = 24 * 3_600_000;
/** An offer waits at most a week for its answer. */
export const MAX_OFFER_TIMEOUT_MINUTES = 10_080;

/**
 * How long a member has to answer an offer when the committee sets no
 * timeout: the more pressing the task, the sooner an unanswered offer passes
 * to the next candidate. An hour leaves a resident time to see a message; an
 * emergency cannot wait more than minutes.
 */
export const DEFAULT_OFFER_TIMEOUT_MINUTES: Readonly<Record<TaskPriority, number>> = {
  NORMAL: 60,
  URGENT: 15,
  EMERGENCY: 5,
};

const TITLE = { 'zh-CN': '标题', en: 'Title' };
const DESCRIPTION = { 'zh-CN': '说明', en: 'Description' };

export function checkedTitle(title: string): string {
  return Validate.text('title', TITLE, title, 100);
}

/** Optional: blank is stored as empty. */
export function checkedDescription(description: string | null | undefined): string {
  if (description == null || description.trim() === '') return '';
  return Validate.text('description', DESCRIPTION, description, 2000);
}

/**
 * The task's window: it ends after it starts, lasts at most 24 hours, and
 * has not ended yet (a task may be recorded after its start, while under way).
 */
export function checkWindow(startsAt: Date, endsAt: Date, now: Date): void {
  if (Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime())) {
    throw TasksErrors.windowOrder();
  }
  if (endsAt.getTime() <= startsAt.getTime()) throw TasksErrors.windowOrder();
  if (endsAt.getTime() - startsAt.getTime() > MAX_WINDOW_MS) throw TasksErrors.windowTooLong();
  if (endsAt.getTime() <= now.getTime()) throw TasksErrors.windowPast();
}

export interface Slots {
  readonly headcount: number;
  readonly secondedSlots: number | null;
  readonly residentSlots: number | null;
}

/**
 * The headcount, and for a JOINT task its split: a joint team needs at least
 * one seconded member with the specialty and at least one resident who knows
 * the place (docs/domain.md), so both slots are required and add up to the
 * headcount. Other categories draw from one pool and take no split.
 */
/** A whole 1 to MAX_HEADCOUNT: of a task, or of each shift of a post. */
export function checkedHeadcount(headcount: number): number {
  if (!Number.isInteger(headcount) || headcount < 1 || headcount > MAX_HEADCOUNT) {
    throw TasksErrors.headcount();
  }
  return headcount;
}

export function checkedSlots(
  category: TaskCategory,
  headcount: number,
  secondedSlots: number | null | undefined,
  residentSlots: number | null | undefined,
): Slots {
  checkedHeadcount(headcount);
  const seconded = secondedSlots ?? null;
  const resident = residentSlots ?? null;
  if (category !== 'JOINT') {
    if (seconded !== null || resident !== null) throw TasksErrors.splitNotAllowed();
    return { headcount, secondedSlots: null, residentSlots: null };
  }
  const whole = (n: number | null): n is number => n !== null && Number.isInteger(n) && n >= 1;
  if (!whole(seconded) || !whole(resident) || seconded + resident !== headcount) {
    throw TasksErrors.jointSplitRequired();
  }
  return { headcount, secondedSlots: seconded, residentSlots: resident };
}

/** The committee's timeout, or the priority's default. */
export function checkedOfferTimeout(minutes: number | null | undefined, priority: TaskPriority) {
  const value = minutes ?? DEFAULT_OFFER_TIMEOUT_MINUTES[priority];
  if (!Number.isInteger(value) || value < 1 || value > MAX_OFFER_TIMEOUT_MINUTES) {
    throw TasksErrors.offerTimeout();
  }
  return value;
}

/** Where the work is, if given: both coordinates or neither, each within its range. */
export function checkedCoordinates(
  latitude: number | null | undefined,
  longitude: number | null | undefined,
): { latitude: number | null; longitude: number | null } {
  const lat = latitude ?? null;
  const lng = longitude ?? null;
  if (lat === null && lng === null) return { latitude: null, longitude: null };
  if (lat === null || lng === null) throw TasksErrors.coordinates();
  if (!(lat >= -90 && lat <= 90) || !(lng >= -180 && lng <= 180)) throw TasksErrors.coordinates();
  return { latitude: lat, longitude: lng };
}

/** The requester's rating (评单): a whole 1 to 5. */
export function checkedRating(rating: number): number {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw TasksErrors.rating();
  return rating;
}
