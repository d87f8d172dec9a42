import { mondayOf, periodContaining } from './periods.js';

describe('obligation periods', () => {
  it.each([
    ['MONTH', '2026-11-24', '2026-11', '2026-11-01', '2026-11-30'],
    ['MONTH', '2028-02-10', '2028-02', '2028-02-01', '2028-02-29'],
    ['QUARTER', '2026-11-24', '2026-Q4', '2026-10-01', '2026-12-31'],
    ['QUARTER', '2026-01-01', '2026-Q1', '2026-01-01', '2026-03-31'],
    ['HALF_YEAR', '2026-06-30', '2026-H1', '2026-01-01', '2026-06-30'],
    ['HALF_YEAR', '2026-07-01', '2026-H2', '2026-07-01', '2026-12-31'],
    ['YEAR', '2026-11-24', '2026', '2026-01-01', '2026-12-31'],
  ] as const)('%s holding %s is %s, %s to %s', (kind, day, label, start, end) => {
    expect(periodContaining(kind, day)).toEqual({ kind, label, start, end });
  });

  it('finds the Monday of a week', () => {
    expect(mondayOf('2026-11-24')).toBe('2026-11-23'); // a Tuesday
    expect(mondayOf('2026-11-23')).toBe('2026-11-23');
    expect(mondayOf('2026-11-29')).toBe('2026-11-23'); // a Sunday
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
  });
});
