import { Clock } from '#core';

/**
 * A clock the test moves by hand, for expiry and lockout rules. It starts at
 * the real now, or at `start` for a rule that depends on the day (working days).
 */
export class TestClock extends Clock {
  private current: Date;

  constructor(start: Date = new Date()) {
    super();
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
