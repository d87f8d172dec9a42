import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  Clock,
  CommonErrors,
  isOperator,
  unitIdsOf,
  type Actor,
  type AppConfig,
} from '#core';
import { sql, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { hoursOf, ratio } from './report-numbers.js';
import type { PeriodKind } from '#domain/commitments';
import {
  periodEnd,
  reportPeriod,
  type ReportPeriod,
  type ReportPeriodInput,
} from './report-period.js';

/** Months of each requirement period, to scale a requirement to a report's months. */
const MONTHS_OF: Record<PeriodKind, number> = { MONTH: 1, QUARTER: 3, HALF_YEAR: 6, YEAR: 12 };

export interface Breakdown {
  /** A category, a community's name, or a month (YYYY-MM). */
  readonly key: string;
  readonly hours: number;
  readonly activities: number;
}

export interface MemberParticipation {
  readonly memberId: string;
  readonly name: string;
  /** Where the member serves now (an ACTIVE report-in); null when nowhere. */
  readonly community: string | null;
  readonly hours: number;
  readonly activities: number;
  /** Verified logs of shifts on duty posts. */
  readonly shifts: number;
  /** The average rating (1–5) of the rated tasks they served in the period. */
  readonly averageRating: number | null;
  /** Whether they met the requirement scaled to the period; null without one. */
  readonly metRequirement: boolean | null;
}

export interface UnitParticipationReport {
  readonly unitId: string;
  readonly unitName: string;
  readonly period: ReportPeriod;
  readonly secondedMembers: number;
  readonly reportedIn: number;
  readonly reportInRate: number;
  /** Members with at least one verified log in the period. */
  readonly activeMembers: number;
  readonly hours: number;
  readonly medianHours: number;
  readonly hoursPerMember: number;
  readonly activities: number;
  /** Verified logs of task bookings, and of shifts on posts. */
  readonly tasksServed: number;
  readonly shiftsKept: number;
  /** The unit's requirement that stood at the period's end, scaled to its months. */
  readonly requirement: {
    readonly period: PeriodKind;
    readonly hours: number | null;
    readonly activities: number | null;
  } | null;
  readonly completionRate: number | null;
  readonly belowRequirement: readonly MemberParticipation[];
  readonly byCategory: readonly Breakdown[];
  readonly byCommunity: readonly Breakdown[];
  readonly byMonth: readonly Breakdown[];
  readonly members: readonly MemberParticipation[];
}

interface MemberRow {
  memberId: string;
  name: string;
  community: string | null;
  reportedIn: boolean;
  minutes: number;
  activities: number;
  shifts: number;
  tasks: number;
  averageRating: number | null;
}

/** A unit's report is its HR office's, or an operator's: FORBIDDEN otherwise. */
export function assertUnitReportReader(actor: Actor, unitId: string): void {
  if (!isOperator(actor) && !unitIdsOf(actor).includes(unitId)) throw CommonErrors.forbidden();
}

/**
 * Participation reports for a unit's HR office: its seconded members and
 * their service over whole calendar months. Every number counts verified
 * logs only, never a submitted, rejected or superseded one, and is read
 * from the rollup (kept exact by the logs' own trigger), never a scan of
 * the logs; every read is audited.
 */
@Injectable()
export class ParticipationReports {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The report, for the unit's HR office or an operator; the read is audited. */
  async unitReport(
    actor: Actor,
    unitId: string,
    input: ReportPeriodInput,
  ): Promise<UnitParticipationReport> {
    assertUnitReportReader(actor, unitId);
    const report = await this.build(unitId, reportPeriod(input));
    await this.audit.record(actor, {
      action: 'report.unit.read',
      entity: 'Unit',
      entityId: unitId,
    });
    return report;
  }

  /** The report itself, for a caller that has checked (and audited) who asked. */
  async build(unitId: string, period: ReportPeriod): Promise<UnitParticipationReport> {
    const [unit] = await this.uow.query<{ name: string }>(sql`
      SELECT name FROM unit WHERE id = ${unitId}::uuid`);
    if (!unit) throw CommonErrors.notFound({ 'zh-CN': '单位', en: 'Unit' });
    const until = periodEnd(period);
    const members = await this.members(unitId, period.fromMonth, until);
    const breakdowns = await this.uow.query<{
      dimension: 'category' | 'community' | 'month';
      key: string;
      minutes: number;
      activities: number;
    }>(sql`
      SELECT CASE WHEN GROUPING(r.category) = 0 THEN 'category'
                  WHEN GROUPING(c.name) = 0 THEN 'community' ELSE 'month' END AS dimension,
             coalesce(r.category, c.name, to_char(r.month, 'YYYY-MM')) AS key,
             sum(r.minutes)::int AS minutes, sum(r.logs)::int AS activities
        FROM duty_log_rollup r
        JOIN member m ON m.id = r.member_id
        JOIN community c ON c.id = r.community_id
       WHERE m.unit_id = ${unitId}::uuid AND m.kind = 'SECONDED'
         AND r.month >= ${period.fromMonth}::date AND r.month < ${until}::date
       GROUP BY GROUPING SETS ((r.category), (c.name), (r.month))
      HAVING sum(r.logs) > 0
       ORDER BY 1, 2`);
    const requirement = await this.requirementOf(unitId, period, until);
    const rows = members.map((row) => this.participation(row, requirement));
    const minutes = members.map((m) => m.minutes).sort((a, b) => a - b);
    const total = minutes.reduce((sum, m) => sum + m, 0);
    const breakdown = (dimension: string) =>
      breakdowns
        .filter((b) => b.dimension === dimension)
        .map((b) => ({ key: b.key, hours: hoursOf(b.minutes), activities: b.activities }));
    const reportedIn = members.filter((m) => m.reportedIn).length;
    const below = rows.filter((m) => m.metRequirement === false);
    return {
      unitId,
      unitName: unit.name,
      period,
      secondedMembers: members.length,
      reportedIn,
      reportInRate: ratio(reportedIn, members.length),
      activeMembers: members.filter((m) => m.activities > 0).length,
      hours: hoursOf(total),
      medianHours: hoursOf(median(minutes)),
      hoursPerMember: members.length ? hoursOf(total / members.length) : 0,
      activities: sumOf(members, 'activities'),
      tasksServed: sumOf(members, 'tasks'),
      shiftsKept: sumOf(members, 'shifts'),
      requirement,
      completionRate: requirement ? ratio(rows.length - below.length, rows.length) : null,
      belowRequirement: below,
      byCategory: breakdown('category'),
      byCommunity: breakdown('community'),
      byMonth: breakdown('month'),
      members: rows,
    };
  }

  /**
   * The unit's seconded members, each with their period's sums, where they
   * serve now and the ratings of their tasks: set-based (each part read
   * once for the whole unit and joined), as a unit may have thousands.
   */
  private members(unitId: string, from: string, until: string): Promise<MemberRow[]> {
    return this.uow.query<MemberRow>(sql`
      WITH unit_member AS (
        SELECT id, name FROM member WHERE unit_id = ${unitId}::uuid AND kind = 'SECONDED'),
      sums AS (
        SELECT r.member_id, sum(r.minutes) AS minutes, sum(r.logs) AS activities,
               sum(r.logs) FILTER (WHERE r.shift) AS shifts,
               sum(r.logs) FILTER (WHERE NOT r.shift AND r.category <> 'SELF_INITIATED') AS tasks
          FROM duty_log_rollup r JOIN unit_member um ON um.id = r.member_id
         WHERE r.month >= ${from}::date AND r.month < ${until}::date
         GROUP BY r.member_id),
      serving AS (
        SELECT s.member_id, c.name FROM secondment s
          JOIN unit_member um ON um.id = s.member_id JOIN community c ON c.id = s.community_id
         WHERE s.status = 'ACTIVE'),
      rated AS (
        -- each completed task once, however often the member was booked on it
        SELECT done.member_id, round(avg(done.rating), 1)::float8 AS average
          FROM (SELECT DISTINCT a.member_id, t.id, t.rating
                  FROM assignment a JOIN unit_member um ON um.id = a.member_id
                  JOIN task t ON t.id = a.task_id JOIN community c ON c.id = t.community_id
                 WHERE a.status = 'COMPLETED' AND t.rating IS NOT NULL
                   AND t.starts_at >= ${from}::date::timestamp AT TIME ZONE c.time_zone
                   AND t.starts_at < ${until}::date::timestamp AT TIME ZONE c.time_zone) done
         GROUP BY done.member_id)
      SELECT um.id AS "memberId", um.name, serving.name AS community,
             serving.member_id IS NOT NULL AS "reportedIn",
             coalesce(sums.minutes, 0)::int AS minutes, coalesce(sums.activities, 0)::int AS activities,
             coalesce(sums.shifts, 0)::int AS shifts, coalesce(sums.tasks, 0)::int AS tasks,
             rated.average AS "averageRating"
        FROM unit_member um
        LEFT JOIN sums ON sums.member_id = um.id
        LEFT JOIN serving ON serving.member_id = um.id
        LEFT JOIN rated ON rated.member_id = um.id
       ORDER BY um.name, um.id`);
  }

  /**
   * The unit's requirement standing at the period's end (in
   * DEFAULT_TIME_ZONE, as a unit's requirement periods are; now, for a
   * period not over), scaled to the period's months: a quarterly 8 hours is 32 in
   * a year's report and 8/3 in a month's.
   */
  private async requirementOf(
    unitId: string,
    period: ReportPeriod,
    until: string,
  ): Promise<UnitParticipationReport['requirement']> {
    const [standing] = await this.uow.query<{
      period: PeriodKind;
      minHours: number | null;
      minActivities: number | null;
    }>(sql`
      SELECT r.period, r.min_hours::float8 AS "minHours", r.min_activities AS "minActivities"
        FROM service_requirement r,
             LATERAL (SELECT least(${this.clock.now()}::timestamptz,
                                  ${until}::date::timestamp AT TIME ZONE ${this.config.defaultTimeZone}::text) AS at) p
       WHERE r.unit_id = ${unitId}::uuid AND r.set_at <= p.at
         AND (r.ended_at IS NULL OR r.ended_at > p.at)`);
    if (!standing) return null;
    const scale = period.months / MONTHS_OF[standing.period];
    return {
      period: standing.period,
      hours: standing.minHours === null ? null : Math.round(standing.minHours * scale * 10) / 10,
      activities:
        standing.minActivities === null ? null : Math.ceil(standing.minActivities * scale),
    };
  }

  private participation(
    row: MemberRow,
    requirement: UnitParticipationReport['requirement'],
  ): MemberParticipation {
    const hours = hoursOf(row.minutes);
    return {
      memberId: row.memberId,
      name: row.name,
      community: row.community,
      hours,
      activities: row.activities,
      shifts: row.shifts,
      averageRating: row.averageRating,
      metRequirement: requirement
        ? (requirement.hours === null || row.minutes >= requirement.hours * 60) &&
          (requirement.activities === null || row.activities >= requirement.activities)
        : null,
    };
  }
}

function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return 0;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function sumOf(rows: readonly MemberRow[], field: 'activities' | 'tasks' | 'shifts'): number {
  return rows.reduce((sum, row) => sum + row[field], 0);
}
