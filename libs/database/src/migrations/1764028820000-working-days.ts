import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The age of a duty log in working days, in SQL, so that a submission
 * checks it in the INSERT that writes the log (one statement on the app's
 * hot path): the days after `from_day` up to and including `to_day` that
 * are worked by the mainland calendar (Monday to Friday, less the holidays
 * and plus the weekend days worked in exchange in `working_calendar`).
 * A log of last Monday, written this Monday, is 5 working days old.
 *
 * Only the last 366 days before `to_day` are counted: more than any limit
 * on a log's age needs (DUTY_LOG_MAX_AGE_WORKING_DAYS is at most 60), and
 * a backfill years late costs no more than one a year late.
 */
export class WorkingDays1764028820000 implements MigrationInterface {
  name = 'WorkingDays1764028820000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- plpgsql, whose plan is kept for the session (a SQL function's body
      -- would be planned again at every call)
      CREATE FUNCTION working_days_after(from_day date, to_day date) RETURNS integer
        LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
      BEGIN
        RETURN (
          SELECT count(*)::integer
            FROM generate_series(greatest(from_day, to_day - 366) + 1, to_day, interval '1 day') AS d (day)
            LEFT JOIN working_calendar w ON w.day = d.day::date
           WHERE coalesce(w.working, extract(isodow FROM d.day) < 6));
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION working_days_after(date, date)');
  }
}
