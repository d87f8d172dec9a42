import { Clock } from '#core';

/** A clock the test moves by hand, for expiry and lockout rules. It starts at the real now. */
export class TestClock extends Clock {
  private current = new Date();

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
