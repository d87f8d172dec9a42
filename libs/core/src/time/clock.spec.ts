import { describe, expect, it } from '@jest/globals';
import { addMonths, localDate } from './clock.js';

describe('addMonths', () => {
  it.each([
    ['2026-01-15', 6, '2026-07-15'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-12-01', 1, '2027-01-01'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe('localDate', () => {
  it('reads the date in the given zone, not the server’s', () => {
    const instant = new Date('2026-11-23T17:30:00Z');
    expect(localDate(instant, 'Asia/Shanghai')).toBe('2026-11-24');
    expect(localDate(instant, 'UTC')).toBe('2026-11-23');
  });
});
