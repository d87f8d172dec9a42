import { addMonths, isLocalDate } from '#core';
import { periodContaining, type PeriodKind } from '#domain/commitments';
import { ReportsErrors } from './reports.errors.js';

/** Reports count whole calendar months, the rollup's grain: from one month to another, both included. */
export interface ReportPeriod {
  /** First days of the first and the last month (YYYY-MM-DD). */
  readonly fromMonth: string;
  readonly toMonth: string;
  readonly months: number;
  /** `2026`, `2026-H2`, `2026-Q4`, `2026-11`, or `2026-03..2026-08`. */
  readonly label: string;
}

export interface ReportPeriodInput {
  /** A preset: the month, quarter, half-year or year holding `day`. */
  readonly preset?: PeriodKind | null;
  readonly day?: string | null;
  /** Or any run of months, `YYYY-MM` to `YYYY-MM` (at most five years). */
  readonly fromMonth?: string | null;
  readonly toMonth?: string | null;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const MAX_MONTHS = 60;

export function reportPeriod(input: ReportPeriodInput): ReportPeriod {
  if (input.preset) {
    if (!isLocalDate(input.day) || input.fromMonth || input.toMonth) throw ReportsErrors.period();
    const period = periodContaining(input.preset, input.day);
    return {
      fromMonth: period.start,
      toMonth: `${period.end.slice(0, 7)}-01`,
      months: monthsBetween(period.start, period.end) + 1,
      label: period.label,
    };
  }
  const { fromMonth, toMonth } = input;
  if (!fromMonth || !toMonth || !MONTH.test(fromMonth) || !MONTH.test(toMonth)) {
    throw ReportsErrors.period();
  }
  const months = monthsBetween(`${fromMonth}-01`, `${toMonth}-01`) + 1;
  if (months < 1 || months > MAX_MONTHS) throw ReportsErrors.period();
  return {
    fromMonth: `${fromMonth}-01`,
    toMonth: `${toMonth}-01`,
    months,
    label: fromMonth === toMonth ? fromMonth : `${fromMonth}..${toMonth}`,
  };
}

/** The first day of the month after the period: its end, exclusive. */
export function periodEnd(period: ReportPeriod): string {
  return addMonths(period.toMonth, 1);
}

function monthsBetween(from: string, to: string): number {
  const index = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7));
  return index(to) - index(from);
}
