import { Validate } from '#core';
import { CallUpsErrors } from './call-ups.errors.js';
import type { CallUpAnswer } from './call-up-views.js';

const MESSAGE = { 'zh-CN': '召集内容', en: 'Message' };
const SKILLS = { 'zh-CN': '所需技能', en: 'Skills' };

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** A phone's clock may run a little behind the server's: "I can come now" must not be refused. */
const CLOCK_SKEW = 5 * MINUTE;

export interface CallUpInput {
  /** One or more (an operator calling up a district): one call-up each, with its own roll-call. */
  readonly communityIds: readonly string[];
  readonly message: string;
  readonly respondBy: Date;
  readonly includeResidents?: boolean | null;
  /** Only members with at least one of these skills; none: everyone called. */
  readonly skills?: readonly string[] | null;
  /** Remind the unanswered this often until respondBy; null: no reminders. */
  readonly reminderMinutes?: number | null;
}

export interface CheckedCallUp {
  readonly communityIds: readonly string[];
  readonly message: string;
  readonly respondBy: Date;
  readonly includeResidents: boolean;
  readonly skills: string[];
  readonly reminderMinutes: number | null;
}

export function checkedCallUp(input: CallUpInput, now: Date): CheckedCallUp {
  const communityIds = [...new Set(input.communityIds)];
  if (communityIds.length === 0 || communityIds.length > 50) throw CallUpsErrors.communities();
  const ahead = input.respondBy.getTime() - now.getTime();
  if (!(ahead >= 5 * MINUTE && ahead <= 7 * DAY)) throw CallUpsErrors.respondBy();
  const reminder = input.reminderMinutes ?? null;
  if (reminder !== null && !(Number.isInteger(reminder) && reminder >= 10 && reminder <= 720)) {
    throw CallUpsErrors.reminderMinutes();
  }
  return {
    communityIds,
    message: Validate.text('message', MESSAGE, input.message, 500),
    respondBy: input.respondBy,
    includeResidents: input.includeResidents ?? false,
    skills: Validate.tags('skills', SKILLS, input.skills ?? [], 20),
    reminderMinutes: reminder,
  };
}

export interface AnswerCallUpInput {
  readonly callUpId: string;
  readonly answer: CallUpAnswer;
  /** When the member can be there; only with AVAILABLE, and then required. */
  readonly arriveAt?: Date | null;
}

/** The arrival time to store: required with AVAILABLE (not past, within a week), absent otherwise. */
export function checkedArrival(input: AnswerCallUpInput, now: Date): Date | null {
  const arriveAt = input.arriveAt ?? null;
  if (input.answer === 'UNAVAILABLE') {
    if (arriveAt !== null) throw CallUpsErrors.arriveAtUnexpected();
    return null;
  }
  if (arriveAt === null) throw CallUpsErrors.arriveAtRequired();
  const ahead = arriveAt.getTime() - now.getTime();
  if (!(ahead >= -CLOCK_SKEW && ahead <= 7 * DAY)) throw CallUpsErrors.arriveAtRange();
  return arriveAt;
}
