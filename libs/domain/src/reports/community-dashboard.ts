import { Injectable } from '@nestjs/common';
import { Clock, CommonErrors, type Actor } from '#core';
import { sql, UnitOfWork, type Sql } from '#database';
import { AuditLog } from '#domain/audit';
import type { MemberKind } from '#domain/members';
import { administers, OrganisationErrors } from '#domain/organisation';
import { hoursOf, ratio } from './report-numbers.js';
import {
  periodEnd,
  reportPeriod,
  type ReportPeriod,
  type ReportPeriodInput,
} from './report-period.js';

/** How many members the dashboard's top list names. */
export const TOP_VOLUNTEERS = 10;

/** Verified service in one month of the period (YYYY-MM, in the community's time zone). */
export interface MonthCell {
  readonly month: string;
  readonly hours: number;
  readonly activities: number;
}

export interface CategoryCell extends MonthCell {
  /** A task category, or SELF_INITIATED for service that was no task's or post's. */
  readonly category: string;
}

/** A party group's or a team's month; `id` and `name` null: members in none that month. */
export interface OrganisationCell extends MonthCell {
  readonly id: string | null;
  readonly name: string | null;
}

export interface KindShare {
  readonly kind: MemberKind;
  /** Members of this kind with verified service in the period. */
  readonly volunteers: number;
  readonly hours: number;
  readonly activities: number;
  /** Their part of the period's hours, 0 to 1. */
  readonly hoursShare: number;
}

export interface TopVolunteer {
  readonly memberId: string;
  readonly name: string;
  readonly kind: MemberKind;
  readonly hours: number;
  readonly activities: number;
}

export interface DemandResponse {
  /** Residents' demands received in the period (a demand merged into another counts once, as that one). */
  readonly received: number;
  readonly rejected: number;
  /** Demands one of whose tasks has been filled. */
  readonly filled: number;
  /** Not decided yet, or with a task still to be filled. */
  readonly waiting: number;
  /** Accepted, but no task of theirs was ever filled and none is still open (cancelled, or started short of people). */
  readonly unanswered: number;
  /** From the demand's receipt to the first of its tasks filled, over the filled ones. */
  readonly medianMinutes: number | null;
  readonly p90Minutes: number | null;
}

/** Tasks published (a round begun) whose window starts in the period. */
export interface PeriodTasks {
  readonly tasks: number;
  readonly completed: number;
  readonly cancelled: number;
  /** Tasks whose group leader or committee was told, in any round, that the task was short of people. */
  readonly escalated: number;
  /** Still UNFILLED: nobody took them. */
  readonly unfilled: number;
}

/** Tasks not yet over that still need people, as of now. */
export interface OpenTasks {
  readonly dispatching: number;
  readonly unfilled: number;
  /** Of those, the ones escalated (every UNFILLED one is). */
  readonly escalated: number;
}

export interface PostCoverage {
  readonly postId: string;
  readonly name: string;
  /** Scheduled shifts of the post starting in the period. */
  readonly shifts: number;
  /** Their places (headcounts), those booked (a member who did not show up is not), and the no-shows. */
  readonly places: number;
  readonly booked: number;
  readonly noShows: number;
  /** booked / places. */
  readonly coverage: number;
}

export interface CommunityDashboard {
  readonly communityId: string;
  readonly communityName: string;
  readonly period: ReportPeriod;
  readonly hours: number;
  /** Of the hours, those flagged as volunteer service. */
  readonly volunteerHours: number;
  readonly activities: number;
  /** Members with verified service in the period. */
  readonly volunteers: number;
  readonly byMonth: readonly MonthCell[];
  readonly byCategory: readonly CategoryCell[];
  readonly byPartyGroup: readonly OrganisationCell[];
  readonly byTeam: readonly OrganisationCell[];
  readonly byKind: readonly KindShare[];
  readonly topVolunteers: readonly TopVolunteer[];
  readonly demands: DemandResponse;
  readonly tasks: PeriodTasks;
  readonly openTasks: OpenTasks;
  readonly posts: readonly PostCoverage[];
  /** All posts' booked places over their places. */
  readonly postCoverage: number;
}

/** One cell of the service sums: which breakdown, its month and key (a category, a group's or team's id, a kind). */
interface ServiceRow {
  dimension: 'total' | 'month' | 'category' | 'group' | 'team' | 'kind';
  month: string | null;
  key: string | null;
  name: string | null;
  minutes: number;
  activities: number;
  /** Members counted: for the total and each kind. */
  volunteers: number | null;
  /** Of the minutes, volunteer service: for the total. */
  volunteerMinutes: number | null;
}

/**
 * The committee's dashboard of its community over whole months: verified
 * service by month, category, party group, team and kind of member (read
 * from the rollup, never the logs), the top volunteers, how fast residents'
 * demands were answered, tasks escalated, unfilled and still open, and how
 * well the posts' shifts were covered. Periods are months in the
 * community's time zone, like the rollup's.
 */
@Injectable()
export class CommunityDashboards {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * The dashboard, read in one snapshot (its sections agree with each
   * other); it names members with their hours, so the read is audited.
   */
  async dashboard(
    actor: Actor,
    communityId: string,
    input: ReportPeriodInput,
  ): Promise<CommunityDashboard> {
    if (!administers(actor, communityId)) throw CommonErrors.forbidden();
    const period = reportPeriod(input);
    const dashboard = await this.uow.run(() => this.build(communityId, period), 'REPEATABLE READ');
    await this.audit.record(actor, {
      action: 'report.community.read',
      entity: 'Community',
      entityId: communityId,
    });
    return dashboard;
  }

  private async build(communityId: string, period: ReportPeriod): Promise<CommunityDashboard> {
    const [community] = await this.uow.query<{ name: string; timeZone: string }>(sql`
      SELECT name, time_zone AS "timeZone" FROM community WHERE id = ${communityId}::uuid`);
    if (!community) throw OrganisationErrors.communityNotFound();
    const until = periodEnd(period);
    const local = (day: string) =>
      sql`${day}::date::timestamp AT TIME ZONE ${community.timeZone}::text`;
    const window: Window = {
      communityId,
      from: period.fromMonth,
      until,
      timeZone: community.timeZone,
      starts: local(period.fromMonth),
      ends: local(until),
    };
    const service = await this.service(window);
    const cells = (dimension: ServiceRow['dimension']) =>
      service.filter((row) => row.dimension === dimension);
    const total = cells('total')[0];
    const minutes = total?.minutes ?? 0;
    const posts = await this.posts(window);
    const places = posts.reduce((sum, post) => sum + post.places, 0);
    const organisation = (row: ServiceRow) => ({ ...monthCell(row), id: row.key, name: row.name });
    return {
      communityId,
      communityName: community.name,
      period,
      hours: hoursOf(minutes),
      volunteerHours: hoursOf(total?.volunteerMinutes ?? 0),
      activities: total?.activities ?? 0,
      volunteers: total?.volunteers ?? 0,
      byMonth: cells('month').map(monthCell),
      byCategory: cells('category').map((row) => ({
        ...monthCell(row),
        category: grouped(row.key),
      })),
      byPartyGroup: cells('group').map(organisation),
      byTeam: cells('team').map(organisation),
      byKind: cells('kind').map((row) => ({
        kind: grouped(row.key) as MemberKind,
        volunteers: row.volunteers ?? 0,
        hours: hoursOf(row.minutes),
        activities: row.activities,
        hoursShare: ratio(row.minutes, minutes),
      })),
      topVolunteers: await this.top(window),
      demands: await this.demands(window),
      tasks: await this.tasks(window),
      openTasks: await this.open(communityId),
      posts,
      postCoverage: ratio(
        posts.reduce((sum, post) => sum + post.booked, 0),
        places,
      ),
    };
  }

  /**
   * The period's verified service in every grouping the dashboard shows,
   * in one statement over the community's rollup rows, whose grain is the
   * month. A member's hours of a month count for the party group (and the
   * team) they spent the most of it in, all their spells there together;
   * for none only when they were in none all month. So each breakdown adds
   * up to the month's total, a member who moved counts once, and a group
   * formed mid-month (a temporary branch set up for an emergency) shows its
   * members' service from its first month.
   */
  private service(window: Window): Promise<ServiceRow[]> {
    const { communityId, from, until, timeZone } = window;
    // Each breakdown is summed from the smallest rows that carry it: the
    // categories from the rollup's rows, the rest from each member's months
    // (a tenth as many), the kinds from each member's period.
    return this.uow.query<ServiceRow>(sql`
      WITH served AS (
        SELECT member_id, month, category, minutes, logs, volunteer_service
          FROM duty_log_rollup
         WHERE community_id = ${communityId}::uuid
           AND month >= ${from}::date AND month < ${until}::date AND logs > 0),
      member_month AS (
        SELECT member_id, month, sum(minutes) AS minutes, sum(logs) AS logs,
               month::timestamp AT TIME ZONE ${timeZone}::text AS starts,
               (month + interval '1 month')::timestamp AT TIME ZONE ${timeZone}::text AS ends
          FROM served GROUP BY member_id, month),
      member_period AS (
        SELECT member_id, sum(minutes) AS minutes, sum(logs) AS logs
          FROM member_month GROUP BY member_id),
      spans AS (
        SELECT a.member_id, 'group' AS dimension, a.party_group_id AS target_id,
               a.started_at, a.ended_at
          FROM party_group g JOIN group_assignment a ON a.party_group_id = g.id
         WHERE g.community_id = ${communityId}::uuid
        UNION ALL
        SELECT a.member_id, 'team', a.team_id, a.started_at, a.ended_at
          FROM team t JOIN group_assignment a ON a.team_id = t.id
         WHERE t.community_id = ${communityId}::uuid),
      -- each spell of a member in a group or team, cut to the month
      spell AS (
        SELECT mm.member_id, mm.month, s.dimension, s.target_id,
               tstzrange(greatest(s.started_at, mm.starts),
                         least(coalesce(s.ended_at, 'infinity'), mm.ends)) AS time
          FROM member_month mm
          JOIN spans s ON s.member_id = mm.member_id
                      AND s.started_at < mm.ends AND (s.ended_at IS NULL OR s.ended_at > mm.starts)),
      -- the month's time in each group or team, all its spells together (a
      -- role change, or leaving and coming back, splits a spell)
      in_target AS (
        SELECT member_id, month, dimension, target_id, range_agg(time) AS time
          FROM spell GROUP BY member_id, month, dimension, target_id),
      placed AS (
        SELECT DISTINCT ON (t.member_id, t.month, t.dimension)
               t.member_id, t.month, t.dimension, t.target_id
          FROM in_target t
         CROSS JOIN LATERAL (SELECT sum(upper(r) - lower(r)) AS spent FROM unnest(t.time) r) mine
         ORDER BY t.member_id, t.month, t.dimension, mine.spent DESC, upper(t.time) DESC,
                  t.target_id),
      cells AS (
        SELECT 'total' AS dimension, NULL::date AS month, NULL::text AS key,
               sum(minutes) AS minutes, sum(logs) AS logs, count(*) AS volunteers,
               (SELECT sum(minutes) FROM served WHERE volunteer_service) AS volunteer_minutes
          FROM member_period
        UNION ALL
        SELECT 'month', month, NULL, sum(minutes), sum(logs), NULL, NULL
          FROM member_month GROUP BY month
        UNION ALL
        SELECT 'category', month, category, sum(minutes), sum(logs), NULL, NULL
          FROM served GROUP BY month, category
        UNION ALL
        SELECT d.dimension, mm.month, p.target_id::text, sum(mm.minutes), sum(mm.logs), NULL, NULL
          FROM member_month mm
          CROSS JOIN (VALUES ('group'), ('team')) d (dimension)
          LEFT JOIN placed p ON (p.member_id, p.month, p.dimension) = (mm.member_id, mm.month, d.dimension)
         GROUP BY d.dimension, mm.month, p.target_id
        UNION ALL
        SELECT 'kind', NULL, m.kind, sum(mp.minutes), sum(mp.logs), count(*), NULL
          FROM member_period mp JOIN member m ON m.id = mp.member_id
         GROUP BY m.kind)
      SELECT c.dimension, to_char(c.month, 'YYYY-MM') AS month, c.key,
             coalesce(pg.name, tm.name) AS name, coalesce(c.minutes, 0)::int AS minutes,
             coalesce(c.logs, 0)::int AS activities, c.volunteers::int AS volunteers,
             coalesce(c.volunteer_minutes, 0)::int AS "volunteerMinutes"
        FROM cells c
        LEFT JOIN party_group pg ON c.dimension = 'group' AND pg.id::text = c.key
        LEFT JOIN team tm ON c.dimension = 'team' AND tm.id::text = c.key
       ORDER BY c.dimension, c.month, coalesce(pg.name, tm.name) NULLS LAST, c.key`);
  }

  /**
   * The members with the most verified hours in the period: ranked from the
   * rollup alone (ties at the last place kept), then named, so only they
   * are read from the members.
   */
  private async top({ communityId, from, until }: Window): Promise<TopVolunteer[]> {
    const rows = await this.uow.query<TopVolunteer & { minutes: number }>(sql`
      WITH ranked AS (
        SELECT member_id, sum(minutes) AS minutes, sum(logs) AS logs
          FROM duty_log_rollup
         WHERE community_id = ${communityId}::uuid
           AND month >= ${from}::date AND month < ${until}::date
         GROUP BY member_id
        HAVING sum(logs) > 0
         ORDER BY minutes DESC, logs DESC
         FETCH FIRST ${TOP_VOLUNTEERS} ROWS WITH TIES)
      SELECT r.member_id AS "memberId", m.name, m.kind, r.minutes::int AS minutes,
             r.logs::int AS activities
        FROM ranked r JOIN member m ON m.id = r.member_id
       ORDER BY r.minutes DESC, r.logs DESC, m.name, r.member_id
       LIMIT ${TOP_VOLUNTEERS}`);
    return rows.map(({ minutes, ...row }) => ({ ...row, hours: hoursOf(minutes) }));
  }

  /**
   * Demands received in the period and how long each waited until one of
   * its tasks was first FILLED (a task filled, left and filled again
   * answered the demand the first time).
   */
  private async demands({ communityId, starts, ends }: Window): Promise<DemandResponse> {
    const [row] = await this.uow.query<DemandResponse>(sql`
      WITH received AS (
        SELECT d.status, d.received_at,
               (SELECT min(tt.occurred_at) FROM task t
                  JOIN task_transition tt ON tt.task_id = t.id AND tt.to_status = 'FILLED'
                 WHERE t.demand_id = d.id) AS filled_at,
               EXISTS (SELECT 1 FROM task t WHERE t.demand_id = d.id
                          AND t.status IN ('DRAFT', 'DISPATCHING', 'UNFILLED')) AS open_task
          FROM demand d
         WHERE d.community_id = ${communityId}::uuid AND d.status <> 'MERGED'
           AND d.received_at >= ${starts} AND d.received_at < ${ends})
      SELECT count(*)::int AS received,
             count(*) FILTER (WHERE status = 'REJECTED')::int AS rejected,
             count(filled_at)::int AS filled,
             count(*) FILTER (WHERE filled_at IS NULL AND (status = 'OPEN' OR open_task))::int
               AS waiting,
             count(*) FILTER (WHERE filled_at IS NULL AND status = 'ACCEPTED' AND NOT open_task)::int
               AS unanswered,
             round((percentile_cont(0.5) WITHIN GROUP (
               ORDER BY extract(epoch FROM filled_at - received_at)) / 60)::numeric, 1)::float8
               AS "medianMinutes",
             round((percentile_cont(0.9) WITHIN GROUP (
               ORDER BY extract(epoch FROM filled_at - received_at)) / 60)::numeric, 1)::float8
               AS "p90Minutes"
        FROM received`);
    return only(row);
  }

  /** Tasks published (a round begun) whose window starts in the period. */
  private async tasks({ communityId, starts, ends }: Window): Promise<PeriodTasks> {
    const [row] = await this.uow.query<PeriodTasks>(sql`
      SELECT count(*)::int AS tasks,
             count(*) FILTER (WHERE status = 'COMPLETED')::int AS completed,
             count(*) FILTER (WHERE status = 'CANCELLED')::int AS cancelled,
             count(*) FILTER (WHERE first_escalated_at IS NOT NULL)::int AS escalated,
             count(*) FILTER (WHERE status = 'UNFILLED')::int AS unfilled
        FROM task
       WHERE community_id = ${communityId}::uuid AND dispatch_round > 0
         AND starts_at >= ${starts} AND starts_at < ${ends}`);
    return only(row);
  }

  private async open(communityId: string): Promise<OpenTasks> {
    const [row] = await this.uow.query<OpenTasks>(sql`
      SELECT count(*) FILTER (WHERE status = 'DISPATCHING')::int AS dispatching,
             count(*) FILTER (WHERE status = 'UNFILLED')::int AS unfilled,
             count(*) FILTER (WHERE escalation <> 'NONE')::int AS escalated
        FROM task
       WHERE community_id = ${communityId}::uuid AND status IN ('DISPATCHING', 'UNFILLED')
         AND ends_at > ${this.clock.now()}`);
    return only(row);
  }

  /**
   * Each post's shifts starting in the period with their places booked:
   * claims on the shift and members booked through its refill tasks, a
   * shift never counted as more than full.
   */
  private async posts({ communityId, starts, ends }: Window): Promise<PostCoverage[]> {
    const rows = await this.uow.query<Omit<PostCoverage, 'coverage'>>(sql`
      SELECT p.id AS "postId", p.name, count(*)::int AS shifts, sum(s.headcount)::int AS places,
             sum(least(s.headcount, b.booked))::int AS booked, sum(b.no_shows)::int AS "noShows"
        FROM post p
        JOIN shift s ON s.post_id = p.id AND s.status = 'SCHEDULED'
       CROSS JOIN LATERAL (
         SELECT count(*) FILTER (WHERE a.status IN ('ACCEPTED', 'COMPLETED')) AS booked,
                count(*) FILTER (WHERE a.status = 'NO_SHOW') AS no_shows
           FROM (SELECT status FROM assignment WHERE shift_id = s.id
                 UNION ALL
                 SELECT a.status FROM task t JOIN assignment a ON a.task_id = t.id
                  WHERE t.shift_id = s.id) a) b
       WHERE p.community_id = ${communityId}::uuid
         AND s.starts_at >= ${starts} AND s.starts_at < ${ends}
       GROUP BY p.id, p.name
       ORDER BY p.name, p.id`);
    return rows.map((row) => ({ ...row, coverage: ratio(row.booked, row.places) }));
  }
}

/** The community and its months: where and when the dashboard counts. */
interface Window {
  readonly communityId: string;
  /** First days of the first month and of the month after the last (YYYY-MM-DD), the rollup's keys. */
  readonly from: string;
  readonly until: string;
  readonly timeZone: string;
  /** The same days' starts as instants in the community's time zone. */
  readonly starts: Sql;
  readonly ends: Sql;
}

function monthCell(row: ServiceRow): MonthCell {
  return { month: grouped(row.month), hours: hoursOf(row.minutes), activities: row.activities };
}

/** The one row of an aggregate without GROUP BY (there always is one). */
function only<T>(row: T | undefined): T {
  if (row === undefined) throw new Error('an aggregate came back without its row');
  return row;
}

/** A column of a grouping set's own key: never null there (the rollup's columns are NOT NULL). */
function grouped<T>(value: T | null): T {
  if (value === null) throw new Error('a grouping set came back without its key');
  return value;
}
