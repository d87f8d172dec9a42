import { Validate } from '#core';
import { PostsErrors } from './posts.errors.js';

const MINUTES_A_WEEK = 7 * 1440;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
/** A schedule has at most this many groups of slots (a post with more is several posts). */
const MAX_SLOT_GROUPS = 14;
/** A shift is 15 minutes to 12 hours: longer duties are split into shifts. */
const MIN_SHIFT_MINUTES = 15;
const MAX_SHIFT_MINUTES = 720;

/** Slots as the committee enters them: one start and length on several weekdays. */
export interface PostSlotsInput {
  /** ISO weekdays, 1 = Monday … 7 = Sunday, in the community's time zone. */
  readonly weekdays: readonly number[];
  /** Local start time, HH:MM. */
  readonly startTime: string;
  readonly minutes: number;
}

/** One weekly slot of a post: every such weekday, a shift starts then and lasts this long. */
export interface PostSlot {
  readonly weekday: number;
  readonly startTime: string;
  readonly minutes: number;
}

/**
 * The weekly slots a schedule describes, one per weekday. Refused when a
 * group is malformed, or when two slots overlap anywhere in the week (also
 * across midnight, and from Sunday night into Monday): overlapping shifts
 * of one post would ask a claimant to be in two places at once.
 */
export function checkedSlots(groups: readonly PostSlotsInput[]): PostSlot[] {
  if (groups.length === 0 || groups.length > MAX_SLOT_GROUPS) throw PostsErrors.slots();
  const slots = groups.flatMap((group) => {
    const time = TIME.exec(group.startTime);
    const weekdays = new Set(group.weekdays);
    if (
      !time ||
      weekdays.size === 0 ||
      weekdays.size !== group.weekdays.length ||
      [...weekdays].some((day) => !Number.isInteger(day) || day < 1 || day > 7) ||
      !Number.isInteger(group.minutes) ||
      group.minutes < MIN_SHIFT_MINUTES ||
      group.minutes > MAX_SHIFT_MINUTES
    ) {
      throw PostsErrors.slots();
    }
    return [...weekdays].map((weekday) => ({
      weekday,
      startTime: group.startTime,
      minutes: group.minutes,
    }));
  });
  const ranges = slots
    .map((slot) => {
      const [hours, minutes] = slot.startTime.split(':').map(Number) as [number, number];
      const start = (slot.weekday - 1) * 1440 + hours * 60 + minutes;
      return { start, end: start + slot.minutes };
    })
    .sort((a, b) => a.start - b.start);
  ranges.forEach((range, i) => {
    // the next slot, or for the last the first one again, a week later
    const next = ranges[i + 1] ?? { start: (ranges[0]?.start ?? 0) + MINUTES_A_WEEK };
    if (ranges.length > 1 && range.end > next.start) throw PostsErrors.slotsOverlap();
  });
  return slots.sort((a, b) => a.weekday - b.weekday || a.startTime.localeCompare(b.startTime));
}

const STARTS_ON = { 'zh-CN': '开始日期', en: 'Start date' };
const ENDS_ON = { 'zh-CN': '结束日期', en: 'End date' };

/** The post's period, as local dates; open-ended without an end. */
export function checkedPeriod(
  startsOn: string,
  endsOn: string | null | undefined,
): { startsOn: string; endsOn: string | null } {
  const start = Validate.date('startsOn', STARTS_ON, startsOn);
  const end = endsOn == null ? null : Validate.date('endsOn', ENDS_ON, endsOn);
  if (end !== null && end < start) throw PostsErrors.period();
  return { startsOn: start, endsOn: end };
}

export function checkedShiftsPerMonth(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 62) throw PostsErrors.shiftsPerMonth();
  return value;
}
