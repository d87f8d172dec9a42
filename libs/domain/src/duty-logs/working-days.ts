/**
 * Working days of the mainland calendar: Monday to Friday, except the
 * public holidays the State Council announces each year, plus the weekend
 * days worked in exchange (调休). `exceptions` maps a date (YYYY-MM-DD) to
 * whether it is worked, for the days that differ from the weekday rule.
 */
export function isWorkingDay(date: string, exceptions: ReadonlyMap<string, boolean>): boolean {
  const exception = exceptions.get(date);
  if (exception !== undefined) return exception;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The date after `date` (YYYY-MM-DD). */
function nextDay(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/**
 * Working days after `from` up to and including `to`, counted no further
 * than `limit + 1` (enough to tell whether a limit is passed): a log of last
 * Monday, written this Monday, is 5 working days old.
 */
export function workingDaysSince(
  from: string,
  to: string,
  exceptions: ReadonlyMap<string, boolean>,
  limit: number,
): number {
  let count = 0;
  for (let day = nextDay(from); day <= to && count <= limit; day = nextDay(day)) {
    if (isWorkingDay(day, exceptions)) count += 1;
  }
  return count;
}
