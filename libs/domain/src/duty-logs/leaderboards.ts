import { Injectable } from '@nestjs/common';
import { Clock, CommonErrors, localDate, memberIdsOf, type Actor } from '#core';
import { rawSql, sql, UnitOfWork, type Sql } from '#database';
import { administers } from '#domain/organisation';
import { DutyLogsErrors } from './duty-logs.errors.js';

export const LEADERBOARD_METRICS = ['HOURS', 'POINTS'] as const;
export type LeaderboardMetric = (typeof LEADERBOARD_METRICS)[number];

export interface LeaderboardQuery {
  readonly communityId: string;
  readonly metric: LeaderboardMetric;
  /** 'YYYY-MM', 'YYYY', or null for all time, in the community's time zone. */
  readonly period: string | null;
  readonly partyGroupId?: string | null;
  readonly unitId?: string | null;
  readonly first: number;
}

export interface LeaderboardEntry {
  readonly rank: number;
  readonly memberId: string;
  readonly memberName: string;
  /** Verified hours (one decimal) or points. */
  readonly value: number;
}

export interface Leaderboard {
  /** True when the period is closed and its frozen board is shown. */
  readonly frozen: boolean;
  readonly entries: LeaderboardEntry[];
}

const PERIOD = /^\d{4}(-(0[1-9]|1[0-2]))?$/;

/** The local period of a log's start, as long as `period` is (month or year). */
const periodOf = (period: string) =>
  rawSql(
    `to_char(l.starts_at AT TIME ZONE c.time_zone, '${period.length === 7 ? 'YYYY-MM' : 'YYYY'}')`,
  );

/**
 * Leaderboards (光荣榜) by verified hours or by service points, of a
 * community, or of one of its party groups or units, for a month, a year or
 * all time. Hours count verified logs only (a superseded log is replaced by
 * its correction); points are those service earned, reversals included. A
 * closed month or year shows the board frozen when it closed (freeze), so
 * later corrections change members' records, not the published board.
 */
@Injectable()
export class Leaderboards {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async board(actor: Actor, query: LeaderboardQuery): Promise<Leaderboard> {
    if (query.period !== null && !PERIOD.test(query.period)) throw DutyLogsErrors.period();
    await this.requireReader(actor, query.communityId);
    const [frozen] = query.period
      ? await this.uow.query(sql`
          SELECT 1 FROM leaderboard_frozen
           WHERE community_id = ${query.communityId}::uuid AND period = ${query.period}`)
      : [];
    const values = frozen
      ? sql`SELECT s.member_id, s.value FROM leaderboard_snapshot s
             WHERE s.community_id = ${query.communityId}::uuid AND s.period = ${query.period}
               AND s.metric = ${query.metric}`
      : this.live(query.communityId, query.metric, query.period);
    const entries = await this.uow.query<LeaderboardEntry>(sql`
      SELECT rank() OVER (ORDER BY v.value DESC)::int AS rank, v.member_id AS "memberId",
             m.name AS "memberName",
             ${query.metric === 'HOURS' ? rawSql('round(v.value / 60.0, 1)::float8') : rawSql('v.value')} AS value
        FROM (${values}) v (member_id, value)
        JOIN member m ON m.id = v.member_id
       WHERE v.value > 0 AND ${this.scope(query)}
       ORDER BY v.value DESC, m.name, v.member_id
       LIMIT ${query.first}`);
    return { frozen: frozen !== undefined, entries };
  }

  /**
   * Freezes every community's boards of the month (and, in January, the
   * year) that has just closed in its time zone, once (the daily scheduled
   * job; a run finding them frozen does nothing).
   */
  async freezeClosed(): Promise<number> {
    const communities = await this.uow.query<{ id: string; timeZone: string }>(
      sql`SELECT id, time_zone AS "timeZone" FROM community`,
    );
    let frozen = 0;
    for (const { id, timeZone } of communities) {
      const today = localDate(this.clock.now(), timeZone);
      const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
      const lastMonth =
        month === 1
          ? `${String(year - 1)}-12`
          : `${String(year)}-${String(month - 1).padStart(2, '0')}`;
      for (const period of [lastMonth, String(year - 1)]) {
        if (await this.freeze(id, period)) frozen += 1;
      }
    }
    return frozen;
  }

  /** Freezes one community's boards of one closed period; false when already frozen. */
  async freeze(communityId: string, period: string): Promise<boolean> {
    return this.uow.run(async () => {
      const [claimed] = await this.uow.query(sql`
        INSERT INTO leaderboard_frozen (community_id, period, frozen_at)
        VALUES (${communityId}, ${period}, ${this.clock.now()})
        ON CONFLICT DO NOTHING RETURNING 1`);
      if (!claimed) return false;
      for (const metric of LEADERBOARD_METRICS) {
        await this.uow.query(sql`
          INSERT INTO leaderboard_snapshot (community_id, period, metric, member_id, value, rank, frozen_at)
          SELECT ${communityId}, ${period}, ${metric}, v.member_id, v.value,
                 rank() OVER (ORDER BY v.value DESC), ${this.clock.now()}
            FROM (${this.live(communityId, metric, period)}) v (member_id, value)
           WHERE v.value > 0`);
      }
      return true;
    });
  }

  /** Each member's total of the period: minutes of verified logs, or service points. */
  private live(communityId: string, metric: LeaderboardMetric, period: string | null): Sql {
    const inPeriod = period ? sql`${periodOf(period)} = ${period}` : rawSql('TRUE');
    return metric === 'HOURS'
      ? sql`SELECT l.member_id, sum(l.minutes)::int
              FROM duty_log l JOIN community c ON c.id = l.community_id
             WHERE l.community_id = ${communityId}::uuid AND l.status = 'VERIFIED' AND ${inPeriod}
             GROUP BY l.member_id`
      : sql`SELECT e.member_id, sum(e.amount)::int
              FROM points_entry e
              JOIN duty_log l ON l.id = e.source_id
              JOIN community c ON c.id = l.community_id
             WHERE e.community_id = ${communityId}::uuid AND e.ledger = 'COMMUNITY'
               AND e.reason IN ('SERVICE', 'SERVICE_REVERSED') AND ${inPeriod}
             GROUP BY e.member_id`;
  }

  /** A party group's or a unit's members (as they are now), or everyone. */
  private scope(query: LeaderboardQuery): Sql {
    if (query.partyGroupId) {
      return sql`EXISTS (SELECT 1 FROM group_assignment ga WHERE ga.member_id = m.id
                           AND ga.ended_at IS NULL AND ga.party_group_id = ${query.partyGroupId}::uuid)`;
    }
    if (query.unitId) return sql`m.unit_id = ${query.unitId}::uuid`;
    return rawSql('TRUE');
  }

  /** Its committee and operators, and the members who live or serve there. */
  private async requireReader(actor: Actor, communityId: string): Promise<void> {
    if (administers(actor, communityId)) return;
    const [serves] = await this.uow.query(sql`
      SELECT 1 FROM member m WHERE m.id = ANY(${memberIdsOf(actor)}::uuid[])
         AND ((m.kind = 'RESIDENT' AND m.residence_community_id = ${communityId}::uuid)
              OR EXISTS (SELECT 1 FROM secondment s WHERE s.member_id = m.id
                           AND s.community_id = ${communityId}::uuid AND s.status = 'ACTIVE'))`);
    if (!serves) throw CommonErrors.forbidden();
  }
}
