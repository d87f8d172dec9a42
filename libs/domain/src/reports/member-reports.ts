import { Injectable } from '@nestjs/common';
import {
  CommonErrors,
  communityIdsOf,
  isOperator,
  memberIdsOf,
  unitIdsOf,
  type Actor,
} from '#core';
import { sql, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { hoursOf } from './report-numbers.js';
import { StarLevels } from '#domain/duty-logs';
import {
  periodEnd,
  reportPeriod,
  type ReportPeriod,
  type ReportPeriodInput,
} from './report-period.js';

/** One verified activity as the member's branch reads it. */
export interface ReportedActivity {
  /** The local date it started, in its community's time zone. */
  readonly date: string;
  readonly theme: string;
  readonly content: string;
  readonly place: string;
  readonly community: string;
  readonly hours: number;
  readonly volunteerService: boolean;
}

export interface MemberReport {
  readonly memberId: string;
  readonly name: string;
  readonly unitName: string | null;
  /** Where the member serves or lives now. */
  readonly community: string | null;
  readonly period: ReportPeriod;
  readonly hours: number;
  readonly volunteerHours: number;
  readonly tasksServed: number;
  readonly shiftsKept: number;
  /** The posts the member held in the period. */
  readonly posts: readonly string[];
  /** Their commitment in the period and in how many of its months they kept it; null without one. */
  readonly commitment: {
    readonly hoursPerMonth: number;
    readonly monthsKept: number;
    readonly months: number;
  } | null;
  readonly ratings: { readonly count: number; readonly average: number | null };
  readonly starLevel: number;
  /** Every verified activity of the period, oldest first. */
  readonly activities: readonly ReportedActivity[];
}

/**
 * The member report: the half-year or year a seconded member hands to their
 * own branch (and any member may read for themself), built from their
 * verified duty logs only. Readable by the member, their unit's HR office,
 * the committee of a community they serve or live in, and operators;
 * every read is audited.
 */
@Injectable()
export class MemberReports {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly stars: StarLevels,
  ) {}

  async read(actor: Actor, memberId: string, input: ReportPeriodInput): Promise<MemberReport> {
    await this.assertReader(actor, memberId);
    const report = await this.build(memberId, reportPeriod(input));
    await this.audit.record(actor, {
      action: 'report.member.read',
      entity: 'Member',
      entityId: memberId,
    });
    return report;
  }

  /** The member's own, their unit HR's, a committee's of a community of theirs, an operator's. */
  async assertReader(actor: Actor, memberId: string): Promise<void> {
    if (isOperator(actor) || memberIdsOf(actor).includes(memberId)) return;
    const [reader] = await this.uow.query<{ allowed: boolean }>(sql`
      SELECT m.unit_id = ANY(${unitIdsOf(actor)}::uuid[])
             OR m.residence_community_id = ANY(${communityIdsOf(actor)}::uuid[])
             OR EXISTS (SELECT 1 FROM secondment s WHERE s.member_id = m.id AND s.status = 'ACTIVE'
                          AND s.community_id = ANY(${communityIdsOf(actor)}::uuid[])) AS allowed
        FROM member m WHERE m.id = ${memberId}::uuid`);
    if (!reader) throw CommonErrors.notFound({ 'zh-CN': '党员', en: 'Member' });
    if (!reader.allowed) throw CommonErrors.forbidden();
  }

  /** The report itself, for a caller that has checked (and audited) who asked. */
  async build(memberId: string, period: ReportPeriod): Promise<MemberReport> {
    const from = period.fromMonth;
    const until = periodEnd(period);
    const [member] = await this.uow.query<{
      name: string;
      unitName: string | null;
      community: string | null;
    }>(sql`
      SELECT m.name, u.name AS "unitName",
             coalesce((SELECT c.name FROM secondment s JOIN community c ON c.id = s.community_id
                        WHERE s.member_id = m.id AND s.status = 'ACTIVE' LIMIT 1), r.name) AS community
        FROM member m LEFT JOIN unit u ON u.id = m.unit_id
        LEFT JOIN community r ON r.id = m.residence_community_id
       WHERE m.id = ${memberId}::uuid`);
    if (!member) throw CommonErrors.notFound({ 'zh-CN': '党员', en: 'Member' });
    const activities = await this.uow.query<
      ReportedActivity & { minutes: number; booking: string }
    >(sql`
      SELECT to_char(l.starts_at AT TIME ZONE c.time_zone, 'YYYY-MM-DD') AS date, l.theme, l.content,
             l.place, c.name AS community, l.minutes, l.volunteer_service AS "volunteerService",
             CASE WHEN a.shift_id IS NOT NULL THEN 'SHIFT' WHEN a.task_id IS NOT NULL THEN 'TASK'
                  ELSE 'NONE' END AS booking
        FROM duty_log l JOIN community c ON c.id = l.community_id
        LEFT JOIN assignment a ON a.id = l.assignment_id
       WHERE l.member_id = ${memberId}::uuid AND l.status = 'VERIFIED'
         AND l.starts_at >= ${from}::date::timestamp AT TIME ZONE c.time_zone
         AND l.starts_at < ${until}::date::timestamp AT TIME ZONE c.time_zone
       ORDER BY l.starts_at, l.id`);
    const [extra] = await this.uow.query<{
      posts: string[];
      ratings: number;
      average: number | null;
      hoursPerMonth: number | null;
      monthsKept: number;
    }>(sql`
      SELECT
        coalesce((SELECT array_agg(DISTINCT p.name ORDER BY p.name) FROM post_claim pc
                    JOIN post p ON p.id = pc.post_id
                   WHERE pc.member_id = ${memberId}::uuid AND pc.claimed_at < ${until}::date
                     AND (pc.ended_at IS NULL OR pc.ended_at >= ${from}::date)), '{}') AS posts,
        rated.count AS ratings, rated.average,
        c.hours_per_month::float8 AS "hoursPerMonth",
        (SELECT count(*)::int FROM (
           SELECT r.month FROM duty_log_rollup r
            WHERE r.member_id = ${memberId}::uuid AND r.volunteer_service
              AND r.month >= ${from}::date AND r.month < ${until}::date
            GROUP BY r.month HAVING sum(r.minutes) >= c.hours_per_month * 60) kept) AS "monthsKept"
      FROM (SELECT count(*)::int AS count, round(avg(done.rating), 1)::float8 AS average
              FROM (SELECT DISTINCT t.id, t.rating
                      FROM assignment a JOIN task t ON t.id = a.task_id
                      JOIN community tc ON tc.id = t.community_id
                     WHERE a.member_id = ${memberId}::uuid AND a.status = 'COMPLETED'
                       AND t.rating IS NOT NULL
                       AND t.starts_at >= ${from}::date::timestamp AT TIME ZONE tc.time_zone
                       AND t.starts_at < ${until}::date::timestamp AT TIME ZONE tc.time_zone) done) rated
      LEFT JOIN LATERAL (
        SELECT hours_per_month FROM commitment
         WHERE member_id = ${memberId}::uuid AND signed_at < ${until}::date
           AND (ended_at IS NULL OR ended_at >= ${from}::date)
         ORDER BY signed_at DESC LIMIT 1) c ON TRUE`);
    const minutes = activities.reduce((sum, a) => sum + a.minutes, 0);
    const volunteer = activities
      .filter((a) => a.volunteerService)
      .reduce((s, a) => s + a.minutes, 0);
    return {
      memberId,
      name: member.name,
      unitName: member.unitName,
      community: member.community,
      period,
      hours: hoursOf(minutes),
      volunteerHours: hoursOf(volunteer),
      tasksServed: activities.filter((a) => a.booking === 'TASK').length,
      shiftsKept: activities.filter((a) => a.booking === 'SHIFT').length,
      posts: extra?.posts ?? [],
      commitment:
        extra?.hoursPerMonth === null || extra === undefined
          ? null
          : {
              hoursPerMonth: extra.hoursPerMonth,
              monthsKept: extra.monthsKept,
              months: period.months,
            },
      ratings: { count: extra?.ratings ?? 0, average: extra?.average ?? null },
      starLevel: (await this.stars.of(memberId)).level,
      activities: activities.map(({ minutes: m, booking: _, ...activity }) => ({
        ...activity,
        hours: hoursOf(m),
      })),
    };
  }
}
