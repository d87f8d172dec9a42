/** The range of calendar dates the system accepts: no member was born before 1900. */
const MIN_YEAR = 1900;
const MAX_YEAR = 9999;

/** Value of the two or four ASCII digits at `start`, or -1 when one is not a digit. */
function digits(value: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Whether `value` is a real calendar date written YYYY-MM-DD, 1900 to 9999.
 * `Date.parse` is no test: it accepts 2025-02-30 (and rolls it into March),
 * which PostgreSQL then refuses, so the check counts the days of the month.
 */
export function isLocalDate(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 10) return false;
  if (value[4] !== '-' || value[7] !== '-') return false;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return false;
  return day >= 1 && day <= daysInMonth(year, month);
}
