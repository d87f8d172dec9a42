/**
 * The source of "now". Domain code asks the clock instead of `new Date()` so
 * that expiry and lockout rules can be tested at chosen instants.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone, e.g. the community's. */
export function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}
