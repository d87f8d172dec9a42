import { Injectable } from '@nestjs/common';
import {
  communityIdsOf,
  isOperator,
  memberIdsOf,
  partyGroupIdsOf,
  unitIdsOf,
  type Actor,
  type Page,
  type PageRequest,
} from '#core';
import { joinSql, rawSql, sql, UnitOfWork, type Sql } from '#database';
import type { DutyLogStatus, DutyLogView } from './duty-log-views.js';
import { DutyLogsErrors } from './duty-logs.errors.js';

const VIEW = rawSql(`l.id, l.lineage_id AS "lineageId", l.member_id AS "memberId",
  m.name AS "memberName", l.community_id AS "communityId", l.theme, l.content, l.place,
  l.latitude, l.longitude, l.starts_at AS "startsAt", l.ends_at AS "endsAt", l.minutes,
  l.assignment_id AS "assignmentId", l.beneficiaries, l.beneficiaries_note AS "beneficiariesNote",
  l.source, l.backfill_reason AS "backfillReason", l.volunteer_service AS "volunteerService",
  l.status, l.corrects_id AS "correctsId", l.superseded_by AS "supersededBy",
  l.submitted_at AS "submittedAt", l.decided_at AS "decidedAt", d.username AS "decidedBy",
  l.rejection_reason AS "rejectionReason"`);
const FROM = rawSql(`FROM duty_log l JOIN member m ON m.id = l.member_id
  LEFT JOIN account d ON d.id = l.decided_by`);

/** The views of the duty_log rows of `rows` (a CTE name, say `made` of an INSERT … RETURNING *). */
export function dutyLogViews(rows: Sql): Sql {
  return sql`SELECT ${VIEW} FROM ${rows} l JOIN member m ON m.id = l.member_id
    LEFT JOIN account d ON d.id = l.decided_by`;
}

/**
 * The logs an actor may read, as a condition on `l` (with `m`, its member):
 * their own; their community's, for its committee; their group members'
 * in the group's community, for a leader or deputy; their unit's members',
 * for unit HR; everything, for operators.
 */
export function visibleDutyLogs(actor: Actor): Sql {
  if (isOperator(actor)) return rawSql('TRUE');
  const parts: Sql[] = [sql`l.member_id = ANY(${memberIdsOf(actor)}::uuid[])`];
  const communities = communityIdsOf(actor);
  if (communities.length > 0) parts.push(sql`l.community_id = ANY(${communities}::uuid[])`);
  const units = unitIdsOf(actor);
  if (units.length > 0) parts.push(sql`m.unit_id = ANY(${units}::uuid[])`);
  const groups = partyGroupIdsOf(actor);
  if (groups.length > 0) parts.push(ledBy(groups));
  return sql`(${joinSql(parts, ' OR ')})`;
}

/** The log's member is, now, in one of these party groups, which lies in the log's community. */
export function ledBy(groups: readonly string[]): Sql {
  return sql`EXISTS (SELECT 1 FROM group_assignment ga JOIN party_group pg ON pg.id = ga.party_group_id
                      WHERE ga.member_id = l.member_id AND ga.ended_at IS NULL
                        AND pg.community_id = l.community_id AND pg.id = ANY(${groups}::uuid[]))`;
}

export interface DutyLogFilter {
  readonly communityId?: string | null;
  readonly memberId?: string | null;
  readonly status?: DutyLogStatus | null;
}

/** Duty logs as each role may read them; reads of others' logs in a unit are HR's report material. */
@Injectable()
export class DutyLogQueries {
  constructor(private readonly uow: UnitOfWork) {}

  /** Logs by id in any scope (the service's own reads after a write). */
  async byIds(ids: readonly string[]): Promise<DutyLogView[]> {
    return this.uow.query<DutyLogView>(
      sql`SELECT ${VIEW} ${FROM} WHERE l.id = ANY(${ids}::uuid[]) ORDER BY l.starts_at, l.id`,
    );
  }

  async byId(actor: Actor, id: string): Promise<DutyLogView> {
    const [log] = await this.uow.query<DutyLogView>(
      sql`SELECT ${VIEW} ${FROM} WHERE l.id = ${id} AND ${visibleDutyLogs(actor)}`,
    );
    if (!log) throw DutyLogsErrors.notFound();
    return log;
  }

  /** The logs the actor may read, newest first, narrowed by the filter. */
  async list(actor: Actor, filter: DutyLogFilter, page: PageRequest): Promise<Page<DutyLogView>> {
    const rows = await this.uow.query<DutyLogView & { total: number }>(sql`
      SELECT ${VIEW}, count(*) OVER ()::int AS total ${FROM}
       WHERE ${visibleDutyLogs(actor)}
         AND (${filter.communityId ?? null}::uuid IS NULL OR l.community_id = ${filter.communityId ?? null}::uuid)
         AND (${filter.memberId ?? null}::uuid IS NULL OR l.member_id = ${filter.memberId ?? null}::uuid)
         AND (${filter.status ?? null}::text IS NULL OR l.status = ${filter.status ?? null}::text)
       ORDER BY l.starts_at DESC, l.id
       LIMIT ${page.first} OFFSET ${page.offset}`);
    return { items: rows.map(({ total: _, ...log }) => log), totalCount: rows[0]?.total ?? 0 };
  }

  /**
   * A log's whole correction chain: the first log, then each correction
   * after the log it corrects (rejected attempts included, by submission).
   */
  async chain(actor: Actor, id: string): Promise<DutyLogView[]> {
    const log = await this.byId(actor, id);
    return this.uow.query<DutyLogView>(sql`
      WITH RECURSIVE chain AS (
        SELECT id, 0 AS depth FROM duty_log WHERE id = ${log.lineageId}
        UNION ALL
        SELECT c.id, chain.depth + 1 FROM duty_log c JOIN chain ON c.corrects_id = chain.id)
      SELECT ${VIEW} ${FROM} JOIN chain ON chain.id = l.id
       ORDER BY chain.depth, l.submitted_at, l.id`);
  }
}
