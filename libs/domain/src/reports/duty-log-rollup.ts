import { Injectable } from '@nestjs/common';
import { rawSql, sql, UnitOfWork } from '#database';

/** One bucket where the rollup and the logs disagree (minutes and logs on each side). */
export interface RollupDifference {
  readonly memberId: string;
  readonly communityId: string;
  readonly month: string;
  readonly category: string;
  readonly shift: boolean;
  readonly volunteerService: boolean;
  readonly rollupMinutes: number;
  readonly logMinutes: number;
  readonly rollupLogs: number;
  readonly logLogs: number;
}

/** The verified logs summed per bucket, through the view the trigger uses too. */
const FROM_LOGS = rawSql(`
  SELECT b.member_id, b.community_id, b.month, b.category, b.shift, b.volunteer_service,
         sum(b.minutes)::bigint AS minutes, count(*)::int AS logs
    FROM duty_log_bucket b JOIN duty_log l ON l.id = b.id
   WHERE l.status = 'VERIFIED'
   GROUP BY 1, 2, 3, 4, 5, 6`);

/**
 * The duty-log rollup's upkeep beyond its triggers: checked against the
 * logs (one statement, so one snapshot of both: nothing is held still),
 * and rebuilt from them (after a restore, or if a check ever finds it
 * off). The rebuild holds the logs still (SHARE lock: submissions and
 * verifications wait) while it rewrites the rollup, about 40 s at ten
 * million logs here: an operator's repair, not a routine.
 */
@Injectable()
export class DutyLogRollup {
  constructor(private readonly uow: UnitOfWork) {}

  /** Recomputes the whole rollup from the verified logs; returns its buckets. */
  async rebuild(): Promise<number> {
    return this.uow.run(async () => {
      await this.uow.query(sql`LOCK TABLE duty_log IN SHARE MODE`);
      await this.uow.query(sql`DELETE FROM duty_log_rollup`);
      const written = await this.uow.query(sql`
        INSERT INTO duty_log_rollup (member_id, community_id, month, category, shift,
                                     volunteer_service, minutes, logs)
        ${FROM_LOGS}
        RETURNING member_id`);
      return written.length;
    });
  }

  /** The buckets where the rollup and the logs disagree (none when it is exact). */
  async differences(): Promise<RollupDifference[]> {
    return this.uow.query<RollupDifference>(sql`
        SELECT coalesce(r.member_id, f.member_id) AS "memberId",
               coalesce(r.community_id, f.community_id) AS "communityId",
               to_char(coalesce(r.month, f.month), 'YYYY-MM') AS month,
               coalesce(r.category, f.category) AS category, coalesce(r.shift, f.shift) AS shift,
               coalesce(r.volunteer_service, f.volunteer_service) AS "volunteerService",
               coalesce(r.minutes, 0)::int AS "rollupMinutes", coalesce(f.minutes, 0)::int AS "logMinutes",
               coalesce(r.logs, 0) AS "rollupLogs", coalesce(f.logs, 0) AS "logLogs"
          FROM (SELECT * FROM duty_log_rollup WHERE logs > 0 OR minutes > 0) r
          FULL JOIN (${FROM_LOGS}) f
            ON (f.member_id, f.community_id, f.month, f.category, f.shift, f.volunteer_service)
             = (r.member_id, r.community_id, r.month, r.category, r.shift, r.volunteer_service)
         WHERE coalesce(r.minutes, 0) <> coalesce(f.minutes, 0)
            OR coalesce(r.logs, 0) <> coalesce(f.logs, 0)`);
  }
}
