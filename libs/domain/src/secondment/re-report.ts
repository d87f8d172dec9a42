import { addMonths, localDate } from '#core';
import { Sql } from '#database';
import type { SqlCondition } from '#domain/organisation';

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

/** The overdue condition around the current time, over secondment `s` and its community's time-zone column. */
function overdueText(s: string, timeZone: string): [string, string] {
  return [
    `(${s}.status = 'ACTIVE' AND ${s}.report_due_on < (CAST(`,
    ` AS timestamptz) AT TIME ZONE ${timeZone})::date)`,
  ];
}

/** Overdue, for TypeORM's query builder: `s` is the secondment's alias, `timeZone` its community's column. */
export function overdueCondition(s: string, timeZone: string, now: Date): SqlCondition {
  const [before, after] = overdueText(s, timeZone);
  return { where: `${before}:overdueAt${after}`, params: { overdueAt: now.toISOString() } };
}

/** Overdue, for raw reads composed with the `sql` tag. */
export function overdueSql(s: string, timeZone: string, now: Date): Sql {
  return new Sql(overdueText(s, timeZone), [now.toISOString()]);
}
