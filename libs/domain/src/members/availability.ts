import { CommonErrors } from '#core';

/**
 * A weekly window in the community's local time. Stored as a range of
 * minutes since Monday 00:00 in an int4multirange, so the matcher can ask
 * PostgreSQL "free for this slot?" with one indexed `@>`.
 */
export interface AvailabilityWindow {
  /** 1 = Monday … 7 = Sunday (ISO 8601). */
  readonly weekday: number;
  /** HH:MM, inclusive. */
  readonly start: string;
  /** HH:MM, exclusive; 24:00 for the end of the day. */
  readonly end: string;
}

const MINUTES_PER_DAY = 24 * 60;
const MAX_WINDOWS = 28;

const invalid = (en: string, zh: string) =>
  CommonErrors.invalidInput('availability', { 'zh-CN': zh, en });

function minutes(hhmm: string): number {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(hhmm);
  const value = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!(value <= MINUTES_PER_DAY))
    throw invalid(
      'Times are HH:MM between 00:00 and 24:00',
      '时间须为 00:00 至 24:00 的 HH:MM 格式',
    );
  return value;
}

function hhmm(total: number): string {
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** Validates windows into a PostgreSQL multirange literal (overlaps are merged by PostgreSQL). */
export function availabilityToMultirange(windows: readonly AvailabilityWindow[]): string {
  if (windows.length > MAX_WINDOWS) {
    throw invalid(
      `At most ${MAX_WINDOWS} availability windows`,
      `可服务时段最多 ${MAX_WINDOWS} 个`,
    );
  }
  const ranges = windows.map((w) => {
    if (!Number.isInteger(w.weekday) || w.weekday < 1 || w.weekday > 7) {
      throw invalid('Weekday must be 1 (Monday) to 7 (Sunday)', '星期须为 1（周一）至 7（周日）');
    }
    const start = minutes(w.start);
    const end = minutes(w.end);
    if (start >= end)
      throw invalid('A window must end after it starts', '时段的结束时间须晚于开始时间');
    const dayStart = (w.weekday - 1) * MINUTES_PER_DAY;
    return `[${dayStart + start},${dayStart + end})`;
  });
  return `{${ranges.join(',')}}`;
}

/** Reads a stored multirange back into windows, splitting ranges that run past midnight. */
export function multirangeToAvailability(literal: string): AvailabilityWindow[] {
  const windows: AvailabilityWindow[] = [];
  for (const match of literal.matchAll(/[[(](\d+),(\d+)[)\]]/g)) {
    let from = Number(match[1]);
    const to = Number(match[2]);
    while (from < to) {
      const day = Math.floor(from / MINUTES_PER_DAY);
      const dayEnd = Math.min(to, (day + 1) * MINUTES_PER_DAY);
      windows.push({
        weekday: day + 1,
        start: hhmm(from - day * MINUTES_PER_DAY),
        end: hhmm(dayEnd - day * MINUTES_PER_DAY),
      });
      from = dayEnd;
    }
  }
  return windows;
}
