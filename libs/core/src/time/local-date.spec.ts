import { describe, expect, it } from '@jest/globals';
import { isLocalDate } from './local-date.js';

describe('isLocalDate', () => {
  it.each(['2025-02-28', '2024-02-29', '2000-02-29', '1900-01-01', '9999-12-31', '2026-04-30'])(
    'accepts %s',
    (value) => {
      expect(isLocalDate(value)).toBe(true);
    },
  );

  it.each([
    ['a day past the end of February', '2025-02-30'],
    ['February 29th of a common year', '2025-02-29'],
    ['February 29th of a century that is not a leap year', '1900-02-29'],
    ['the 31st of a 30-day month', '2026-04-31'],
    ['month 13', '2026-13-01'],
    ['day zero', '2026-01-00'],
    ['a year before 1900', '1899-12-31'],
    ['a five-digit year', '12026-01-01'],
    ['a date with a time', '2026-01-01T00:00:00Z'],
    ['slashes', '2026/01/01'],
    ['unpadded parts', '2026-1-1'],
    ['signs in place of digits', '2026-+1-01'],
    ['full-width digits', '２０２６-01-01'],
    ['an empty string', ''],
  ])('refuses %s', (_label, value) => {
    expect(isLocalDate(value)).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(isLocalDate(20260101)).toBe(false);
    expect(isLocalDate(new Date())).toBe(false);
    expect(isLocalDate(null)).toBe(false);
  });
});
