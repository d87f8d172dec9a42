import { Injectable } from '@nestjs/common';
import { sql, UnitOfWork } from '#database';
import {
  DEFAULT_DAILY_CAP,
  DEFAULT_POINTS_PER_HOUR,
  PointsLedger,
  type Entry,
} from './points-ledger.js';

interface VerifiedLog {
  readonly id: string;
  readonly memberId: string;
  readonly communityId: string;
  readonly minutes: number;
  readonly correctsId: string | null;
  readonly weight: number;
  readonly day: string;
  readonly year: number;
  readonly pointsPerHour: number;
  readonly dailyCap: number;
}

/**
 * Points for verified service: the community's points per hour times the
 * task type's weight (self-initiated service weighs 1), within the
 * community's daily cap per member, into both ledgers (community points and
 * that year's appraisal points). A verified correction first reverses what
 * the log it supersedes earned, so the totals follow the corrected record.
 * Runs inside the verifying transaction; a replay awards nothing twice.
 */
@Injectable()
export class ServicePoints {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ledger: PointsLedger,
  ) {}

  async awardVerified(logIds: readonly string[]): Promise<void> {
    const logs = await this.uow.query<VerifiedLog>(sql`
      SELECT l.id, l.member_id AS "memberId", l.community_id AS "communityId", l.minutes,
             l.corrects_id AS "correctsId", coalesce(tt.points_weight, 1) AS weight,
             to_char(l.starts_at AT TIME ZONE c.time_zone, 'YYYY-MM-DD') AS day,
             extract(year FROM l.starts_at AT TIME ZONE c.time_zone)::int AS year,
             coalesce(r.points_per_hour, ${DEFAULT_POINTS_PER_HOUR}::int) AS "pointsPerHour",
             coalesce(r.daily_cap, ${DEFAULT_DAILY_CAP}::int) AS "dailyCap"
        FROM duty_log l
        JOIN community c ON c.id = l.community_id
        LEFT JOIN points_rule r ON r.community_id = l.community_id
        LEFT JOIN assignment a ON a.id = l.assignment_id
        LEFT JOIN task t ON t.id = a.task_id
        LEFT JOIN shift s ON s.id = a.shift_id
        LEFT JOIN post p ON p.id = s.post_id
        LEFT JOIN task_type tt ON tt.id = coalesce(t.task_type_id, p.task_type_id)
       WHERE l.id = ANY(${logIds}::uuid[]) AND l.status = 'VERIFIED'
       ORDER BY l.starts_at, l.id`);
    for (const log of logs) {
      if (log.correctsId) await this.reverse(log.correctsId);
      const earned = Math.round((log.minutes / 60) * log.pointsPerHour * log.weight);
      const amount = Math.max(0, Math.min(earned, log.dailyCap - (await this.awardedOn(log))));
      const award = (ledger: Entry['ledger'], period: number): Entry => ({
        memberId: log.memberId,
        communityId: log.communityId,
        ledger,
        period,
        amount,
        reason: 'SERVICE',
        sourceId: log.id,
      });
      await this.ledger.append([award('COMMUNITY', 0), award('APPRAISAL', log.year)]);
    }
  }

  /** Takes back what a superseded log earned, in both ledgers. */
  private async reverse(logId: string): Promise<void> {
    const earned = await this.uow.query<Entry>(sql`
      SELECT member_id AS "memberId", community_id AS "communityId", ledger, period, amount,
             reason, source_id AS "sourceId"
        FROM points_entry WHERE reason = 'SERVICE' AND source_id = ${logId}`);
    await this.ledger.append(
      earned.map((e) => ({ ...e, amount: -e.amount, reason: 'SERVICE_REVERSED' as const })),
    );
  }

  /**
   * Community points the member already earned for service on the log's day
   * there. The member's day is locked for the rest of the transaction first
   * (an advisory lock), so two verifications at once cannot both find room
   * under the cap.
   */
  private async awardedOn(log: VerifiedLog): Promise<number> {
    await this.uow.lock(`points-day:${log.memberId}:${log.communityId}:${log.day}`);
    const [row] = await this.uow.query<{ total: number }>(sql`
      SELECT coalesce(sum(e.amount), 0)::int AS total
        FROM points_entry e
        JOIN duty_log l ON l.id = e.source_id
        JOIN community c ON c.id = l.community_id
       WHERE e.ledger = 'COMMUNITY' AND e.reason IN ('SERVICE', 'SERVICE_REVERSED')
         AND e.member_id = ${log.memberId}::uuid AND e.community_id = ${log.communityId}::uuid
         AND to_char(l.starts_at AT TIME ZONE c.time_zone, 'YYYY-MM-DD') = ${log.day}`);
    return row?.total ?? 0;
  }
}
