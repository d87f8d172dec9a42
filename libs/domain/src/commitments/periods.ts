import { addMonths } from '#core';

/** The periods obligations are counted over: calendar months, quarters, half-years, years. */
export const PERIOD_KINDS = ['MONTH', 'QUARTER', 'HALF_YEAR', 'YEAR'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

const MONTHS: Record<PeriodKind, number> = { MONTH: 1, QUARTER: 3, HALF_YEAR: 6, YEAR: 12 };

export interface Period {
  readonly kind: PeriodKind;
  /** `2026-11`, `2026-Q4`, `2026-H2`, `2026`. */
  readonly label: string;
  /** Local dates (YYYY-MM-DD), first and last day. */
  readonly start: string;
  readonly end: string;
}

/** The period of `kind` that holds the local date `day`. */
export function periodContaining(kind: PeriodKind, day: string): Period {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const length = MONTHS[kind];
  const index = Math.floor((month - 1) / length); // which period of the year, from 0
  const firstMonth = index * length + 1;
  const start = `${String(year)}-${String(firstMonth).padStart(2, '0')}-01`;
  const end = addDays(addMonths(start, length), -1);
  const labels: Record<PeriodKind, string> = {
    MONTH: start.slice(0, 7),
    QUARTER: `${String(year)}-Q${String(index + 1)}`,
    HALF_YEAR: `${String(year)}-H${String(index + 1)}`,
    YEAR: String(year),
  };
  return { kind, label: labels[kind], start, end };
}

/** The Monday of the week holding the local date `day` (weeks start on Monday in China). */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
  return addDays(day, -((weekday + 6) % 7));
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
