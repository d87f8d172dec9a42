import { describe, expect, it } from '@jest/globals';
import { withClient } from '#database';
import { testConfig } from '#testing';

/** The age of a log in working days, as the submission's INSERT counts it (migration 1764028820000). */
describe('working days after a day (SQL)', () => {
  const url = testConfig().database.url;
  const age = (from: string, to: string) =>
    withClient(url, async (client) => {
      // each case in a transaction rolled back, with the calendar it sets
      await client.query('BEGIN');
      try {
        await client.query(
          `INSERT INTO working_calendar (day, working, name) VALUES
             ('2026-11-18', FALSE, '测试假日'), ('2026-11-22', TRUE, '测试调休上班')`,
        );
        const { rows } = await client.query<{ n: number }>(
          'SELECT working_days_after($1::date, $2::date) AS n',
          [from, to],
        );
        return rows[0]?.n;
      } finally {
        await client.query('ROLLBACK');
      }
    });

  it('counts Monday to Friday after the first day, the last day included', async () => {
    // Monday 2026-12-07 to Monday 2026-12-14: five working days
    expect(await age('2026-12-07', '2026-12-14')).toBe(5);
    expect(await age('2026-12-14', '2026-12-14')).toBe(0);
    // Saturday to Sunday: none
    expect(await age('2026-12-12', '2026-12-13')).toBe(0);
  });

  it('follows the calendar’s holidays and weekend days worked', async () => {
    // a holiday on Wednesday the 18th, Sunday the 22nd worked in its place
    expect(await age('2026-11-16', '2026-11-23')).toBe(5);
    expect(await age('2026-11-17', '2026-11-19')).toBe(1);
    expect(await age('2026-11-21', '2026-11-22')).toBe(1);
  });

  it('counts no more than the last year, enough for any limit on a log’s age', async () => {
    // 366 days before 2026-12-31 is 2025-12-30: anything earlier counts the same
    const year = await age('2025-12-30', '2026-12-31');
    expect(year).toBeGreaterThan(60);
    expect(await age('2020-01-01', '2026-12-31')).toBe(year);
    expect(await age('2025-12-31', '2026-12-31')).toBe((year ?? 0) - 1); // the 31st was a Wednesday
  });
});
