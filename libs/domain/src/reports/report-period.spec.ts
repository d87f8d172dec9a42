import { periodEnd, reportPeriod } from './report-period.js';

describe('report periods', () => {
  it('takes a preset holding a day', () => {
    expect(reportPeriod({ preset: 'QUARTER', day: '2026-11-24' })).toEqual({
      fromMonth: '2026-10-01',
      toMonth: '2026-12-01',
      months: 3,
      label: '2026-Q4',
    });
    expect(reportPeriod({ preset: 'YEAR', day: '2026-02-10' })).toMatchObject({
      months: 12,
      label: '2026',
    });
  });

  it('takes a run of months, both included', () => {
    const period = reportPeriod({ fromMonth: '2026-03', toMonth: '2026-08' });
    expect(period).toEqual({
      fromMonth: '2026-03-01',
      toMonth: '2026-08-01',
      months: 6,
      label: '2026-03..2026-08',
    });
    expect(periodEnd(period)).toBe('2026-09-01');
    expect(periodEnd(reportPeriod({ fromMonth: '2026-12', toMonth: '2026-12' }))).toBe(
      '2027-01-01',
    );
  });

  it.each([
    [{}],
    [{ preset: 'MONTH' as const }],
    [{ preset: 'MONTH' as const, day: '2026-02-30' }],
    [{ preset: 'MONTH' as const, day: '2026-02-10', fromMonth: '2026-01' }],
    [{ fromMonth: '2026-05', toMonth: '2026-04' }],
    [{ fromMonth: '2026-13', toMonth: '2026-12' }],
    [{ fromMonth: '2020-01', toMonth: '2026-12' }],
  ])('refuses %j', (input) => {
    expect(() => reportPeriod(input)).toThrow(
      expect.objectContaining({ field: 'period' }) as Error,
    );
  });
});
