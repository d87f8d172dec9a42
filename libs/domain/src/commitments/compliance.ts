import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  Clock,
  CommonErrors,
  isLocalDate,
  localDate,
  ownMemberOf,
  partyGroupIdsOf,
  type Actor,
  type AppConfig,
  type Page,
  type PageRequest,
} from '#core';
import { joinSql, rawSql, sql, UnitOfWork, type Sql } from '#database';
import type { ComplianceBehindItem } from '#domain/notifications';
import { administers } from '#domain/organisation';
import { CommitmentsErrors } from './commitments.errors.js';
import { PERIOD_KINDS, periodContaining, type Period, type PeriodKind } from './periods.js';
import { checkedOwner } from './requirements.service.js';

/** What a member owes: their own commitment, or a unit's or community's requirement. */
export const OBLIGATION_KINDS = [
  'COMMITMENT',
  'UNIT_REQUIREMENT',
  'COMMUNITY_REQUIREMENT',
] as const satisfies readonly ComplianceBehindItem['kind'][];
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

/** One obligation of one member over the period holding a day, and how far they are. */
export interface Compliance {
  readonly memberId: string;
  readonly memberName: string;
  readonly kind: ObligationKind;
  /** The commitment or requirement. */
  readonly sourceId: string;
  /** The unit or community that set the requirement; null for the member's own commitment. */
  readonly ownerName: string | null;
  readonly period: Period;
  readonly requiredHours: number | null;
  readonly requiredActivities: number | null;
  /** Verified hours (one decimal) and activities (logs) in the period, up to the day's end. */
  readonly hours: number;
  readonly activities: number;
  readonly met: boolean;
  /**
   * Not met, and short of the share of the period gone by before the day
   * (the weekly reminder's rule): nobody is behind on a period's first day.
   */
  readonly behind: boolean;
}

/** Whose obligations to list: a unit's seconded members, a community's, or a party group's members. */
export interface ComplianceScope {
  readonly unitId?: string | null;
  readonly communityId?: string | null;
  readonly partyGroupId?: string | null;
}

type Row = Omit<Compliance, 'period'> & { periodKind: PeriodKind; total: number };

/**
 * How members stand against their obligations, computed from verified
 * duty logs only (a submitted log counts once its verifier has seen it; a
 * superseded one never). What counts differs by obligation, as the rules
 * do: a commitment is a volunteering pledge, so only volunteer service
 * counts; a unit's or community's requirement is a party duty of seconded
 * members, so every verified log counts, obligatory duty included (a
 * community's only in that community). Periods are calendar periods, in
 * the community's time zone for its requirement, in DEFAULT_TIME_ZONE for
 * units and commitments. A past day is judged as it stood at its end: the
 * commitments and requirements of then, the logs up to then (as verified
 * now); the members under a requirement are those under it now.
 */
@Injectable()
export class ComplianceQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The actor's own obligations, as of a day (today by default). */
  async mine(actor: Actor, asOf?: string | null): Promise<Compliance[]> {
    const memberId = ownMemberOf(actor);
    const page = await this.progress(sql`o.member_id = ${memberId}::uuid`, this.day(asOf));
    return [...page.items];
  }

  /**
   * The obligations of the members in scope: a unit's requirement (its HR
   * office), a community's (its committee), or everything of a party
   * group's members (its leader and deputy, or the committee).
   */
  async of(
    actor: Actor,
    scope: ComplianceScope,
    options: { asOf?: string | null; behindOnly: boolean },
    page: PageRequest,
  ): Promise<Page<Compliance>> {
    const where = await this.scoped(actor, scope);
    const behind = options.behindOnly ? rawSql('behind') : rawSql('TRUE');
    return this.progress(sql`${where} AND ${behind}`, this.day(options.asOf), page);
  }

  /** Everyone's obligations behind pace today: the weekly reminder's list. */
  async behindToday(): Promise<Compliance[]> {
    const page = await this.progress(rawSql('behind'), this.today());
    return [...page.items];
  }

  /** Today, in the deployment's time zone. */
  today(): string {
    return localDate(this.clock.now(), this.config.defaultTimeZone);
  }

  private day(asOf: string | null | undefined): string {
    if (asOf === null || asOf === undefined) return this.today();
    if (!isLocalDate(asOf) || asOf > this.today()) throw CommitmentsErrors.asOf();
    return asOf;
  }

  private async scoped(actor: Actor, scope: ComplianceScope): Promise<Sql> {
    const given = [scope.unitId, scope.communityId, scope.partyGroupId].filter(Boolean);
    if (given.length !== 1) throw CommitmentsErrors.scope();
    if (scope.partyGroupId) {
      const [group] = await this.uow.query<{ communityId: string }>(sql`
        SELECT community_id AS "communityId" FROM party_group WHERE id = ${scope.partyGroupId}::uuid`);
      const leads = partyGroupIdsOf(actor).includes(scope.partyGroupId);
      if (!group || !(leads || administers(actor, group.communityId))) {
        throw CommonErrors.forbidden();
      }
      return sql`EXISTS (SELECT 1 FROM group_assignment ga
                          WHERE ga.member_id = o.member_id AND ga.ended_at IS NULL
                            AND ga.party_group_id = ${scope.partyGroupId}::uuid)`;
    }
    const owner = checkedOwner(actor, scope);
    return owner.unitId
      ? sql`o.kind = 'UNIT_REQUIREMENT' AND o.owner_id = ${owner.unitId}::uuid`
      : sql`o.kind = 'COMMUNITY_REQUIREMENT' AND o.owner_id = ${owner.communityId ?? null}::uuid`;
  }

  /**
   * One statement: the obligations standing at the end of `day` (or now),
   * each with its period holding `day`, the member's verified hours and
   * activities in it up to the end of `day`, whether they are met and
   * whether the member is behind the share of the period gone by before
   * `day` (`where` may test `behind`).
   */
  private async progress(where: Sql, day: string, page?: PageRequest): Promise<Page<Compliance>> {
    const periods = PERIOD_KINDS.map((kind) => periodContaining(kind, day));
    const zone = this.config.defaultTimeZone;
    const at = sql`least(${this.clock.now()}::timestamptz,
                         (${day}::date + 1)::timestamp AT TIME ZONE ${zone}::text)`;
    const rows = await this.uow.query<Row>(sql`
      WITH period (kind, first_day, after_day) AS (
        VALUES ${joinSql(
          periods.map((p) => sql`(${p.kind}::text, ${p.start}::date, ${p.end}::date + 1)`),
          ', ',
        )}),
      o AS (${obligationsStandingAt(at, zone)}),
      judged AS (
        SELECT o.*, m.name AS member_name, done.minutes, done.activities,
               (${day}::date - p.first_day)::numeric / (p.after_day - p.first_day) AS share
          FROM o
          JOIN member m ON m.id = o.member_id
          JOIN period p ON p.kind = o.period
          CROSS JOIN LATERAL (
            SELECT coalesce(sum(l.minutes), 0)::int AS minutes, count(*)::int AS activities
              FROM duty_log l
             WHERE l.member_id = o.member_id AND l.status = 'VERIFIED'
               AND (NOT o.volunteer_only OR l.volunteer_service)
               AND (o.community_id IS NULL OR l.community_id = o.community_id)
               AND l.starts_at >= p.first_day::timestamp AT TIME ZONE o.time_zone
               AND l.starts_at < least(p.after_day, ${day}::date + 1)::timestamp AT TIME ZONE o.time_zone) done),
      rated AS (
        SELECT judged.*,
               coalesce(minutes >= required_hours * 60, TRUE)
                 AND coalesce(activities >= required_activities, TRUE) AS met,
               coalesce(minutes >= required_hours * 60 * share, TRUE)
                 AND coalesce(activities >= required_activities * share, TRUE) AS on_pace
          FROM judged),
      result AS (SELECT rated.*, NOT met AND NOT on_pace AS behind FROM rated)
      SELECT member_id AS "memberId", member_name AS "memberName", kind, source_id AS "sourceId",
             owner_name AS "ownerName", period AS "periodKind",
             required_hours::float8 AS "requiredHours", required_activities AS "requiredActivities",
             round(minutes / 60.0, 1)::float8 AS hours, activities, met, behind,
             count(*) OVER ()::int AS total
        FROM result o
       WHERE ${where}
       ORDER BY member_name, member_id, kind
       ${page ? sql`LIMIT ${page.first} OFFSET ${page.offset}` : rawSql('')}`);
    return {
      items: rows.map(({ periodKind, total: _, ...row }) => ({
        ...row,
        period: periods.find((p) => p.kind === periodKind) ?? periodContaining(periodKind, day),
      })),
      totalCount: rows[0]?.total ?? 0,
    };
  }
}

/**
 * Each member's commitment and the requirements over them standing at
 * `at`, one row per member and obligation: a unit's over its seconded
 * members, a community's over those reported in there now.
 */
function obligationsStandingAt(at: Sql, defaultTimeZone: string): Sql {
  return sql`
    SELECT c.member_id, 'COMMITMENT' AS kind, c.id AS source_id, NULL::uuid AS owner_id,
           NULL::text AS owner_name, 'MONTH' AS period, c.hours_per_month AS required_hours,
           NULL::int AS required_activities, TRUE AS volunteer_only, NULL::uuid AS community_id,
           ${defaultTimeZone}::text AS time_zone
      FROM commitment c
     WHERE c.signed_at <= ${at} AND (c.ended_at IS NULL OR c.ended_at > ${at})
    UNION ALL
    SELECT m.id, 'UNIT_REQUIREMENT', r.id, u.id, u.name, r.period, r.min_hours, r.min_activities,
           FALSE, NULL, ${defaultTimeZone}::text
      FROM service_requirement r JOIN unit u ON u.id = r.unit_id
      JOIN member m ON m.unit_id = r.unit_id AND m.kind = 'SECONDED'
     WHERE r.set_at <= ${at} AND (r.ended_at IS NULL OR r.ended_at > ${at})
    UNION ALL
    SELECT s.member_id, 'COMMUNITY_REQUIREMENT', r.id, cm.id, cm.name, r.period, r.min_hours,
           r.min_activities, FALSE, cm.id, cm.time_zone
      FROM service_requirement r JOIN community cm ON cm.id = r.community_id
      JOIN secondment s ON s.community_id = r.community_id AND s.status = 'ACTIVE'
     WHERE r.set_at <= ${at} AND (r.ended_at IS NULL OR r.ended_at > ${at})`;
}
