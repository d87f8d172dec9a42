import { addMonths, localDate } from '#core';
import { rawSql, sql, type Sql } from '#database';

/*
 * The re-report rule, in one place: an active seconded member re-reports to
 * the community every `reReportIntervalMonths`, counted from the day (in the
 * community's time zone) they were accepted or last re-reported; the
 * secondment is overdue once that date has passed there.
 */

/** The next re-report date after a report on `now`. */
export function nextReReportDue(
  now: Date,
  community: { readonly timeZone: string; readonly reReportIntervalMonths: number },
): string {
  return addMonths(localDate(now, community.timeZone), community.reReportIntervalMonths);
}

/**
 * Overdue, over secondment `s` (its alias) and `timeZone` (its community's
 * time-zone column, e.g. `c.time_zone`); query builders take it through
 * toCondition.
 */
export function overdueSql(s: string, timeZone: string, now: Date): Sql {
  const secondment = rawSql(s);
  const today = sql`(CAST(${now.toISOString()} AS timestamptz) AT TIME ZONE ${rawSql(timeZone)})::date`;
  return sql`(${secondment}.status = 'ACTIVE' AND ${secondment}.report_due_on < ${today})`;
}
