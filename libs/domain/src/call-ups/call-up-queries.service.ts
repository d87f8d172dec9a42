import { Injectable } from '@nestjs/common';
import { memberIdsOf, type Actor, type Page, type PageRequest } from '#core';
import { rawSql, sql, UnitOfWork } from '#database';
import { administers, CommunityAccess } from '#domain/organisation';
import { CallUpsErrors } from './call-ups.errors.js';
import type {
  CallUpView,
  MyCallUpView,
  RollCall,
  RollCallCounts,
  RollCallEntry,
  RollCallGroup,
  RollCallState,
} from './call-up-views.js';

/** The roll-call's counts over recipient rows `r`: every member once, by their last answer. */
const COUNTS = rawSql(`count(*)::int AS called,
  count(*) FILTER (WHERE r.answer = 'AVAILABLE')::int AS available,
  count(*) FILTER (WHERE r.answer = 'UNAVAILABLE')::int AS unavailable,
  count(*) FILTER (WHERE r.answer IS NULL)::int AS unanswered`);

const CALL_UP = rawSql(`u.id, u.community_id AS "communityId", u.message,
  u.respond_by AS "respondBy", u.include_residents AS "includeResidents", u.skills,
  u.reminder_minutes AS "reminderMinutes", u.status, u.created_at AS "createdAt",
  u.fanned_out_at AS "fannedOutAt", u.closed_at AS "closedAt", k.called, k.available,
  k.unavailable, k.unanswered`);
const WITH_COUNTS = sql`FROM call_up u CROSS JOIN LATERAL (
  SELECT ${COUNTS} FROM call_up_recipient r WHERE r.call_up_id = u.id) k`;

type CallUpRow = Omit<CallUpView, 'counts'> & RollCallCounts;

const viewOf = ({
  called,
  available,
  unavailable,
  unanswered,
  ...callUp
}: CallUpRow): CallUpView => ({
  ...callUp,
  counts: { called, available, unavailable, unanswered },
});

const STATE_FILTER: Record<RollCallState, string> = {
  AVAILABLE: `r.answer = 'AVAILABLE'`,
  UNAVAILABLE: `r.answer = 'UNAVAILABLE'`,
  UNANSWERED: 'r.answer IS NULL',
};

/**
 * Call-ups as their committee follows them (the roll-call: counts, by unit
 * and by party group, and who answered what), and as a member called sees
 * theirs. Counts are read from the roll-call rows as they are at the read,
 * so they are exact however many answers arrive meanwhile.
 */
@Injectable()
export class CallUpQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: CommunityAccess,
  ) {}

  /** A community's call-ups, newest first, each with its counts. */
  async callUps(actor: Actor, communityId: string, page: PageRequest): Promise<Page<CallUpView>> {
    await this.access.requireAdministered(actor, communityId);
    const rows = await this.uow.query<CallUpRow & { total: number }>(sql`
      SELECT ${CALL_UP}, count(*) OVER ()::int AS total ${WITH_COUNTS}
       WHERE u.community_id = ${communityId}
       ORDER BY u.created_at DESC, u.id
       LIMIT ${page.first} OFFSET ${page.offset}`);
    return {
      items: rows.map(({ total: _, ...row }) => viewOf(row)),
      totalCount: rows[0]?.total ?? 0,
    };
  }

  /** One call-up administered by the actor (NOT_FOUND otherwise, so ids cannot be probed). */
  async callUp(actor: Actor, id: string): Promise<CallUpView> {
    const [row] = await this.uow.query<CallUpRow>(
      sql`SELECT ${CALL_UP} ${WITH_COUNTS} WHERE u.id = ${id}`,
    );
    if (!row || !administers(actor, row.communityId)) throw CallUpsErrors.notFound();
    return viewOf(row);
  }

  /**
   * The counts of one call-up, whoever asks (the live board announces them
   * in its community's scope), with the database's time of the read.
   */
  async counts(callUpId: string): Promise<RollCallCounts & { at: Date }> {
    const [counts] = await this.uow.query<RollCallCounts & { at: Date }>(
      sql`SELECT ${COUNTS}, statement_timestamp() AS at
            FROM call_up_recipient r WHERE r.call_up_id = ${callUpId}`,
    );
    if (!counts) throw new Error('an aggregate returns one row');
    return counts;
  }

  /** The counts overall, by unit and by party group (those with most called first). */
  async rollCall(actor: Actor, id: string): Promise<RollCall> {
    const callUp = await this.callUp(actor, id);
    const byUnit = await this.uow.query<RollCallGroup>(sql`
      SELECT r.unit_id AS id, max(n.name) AS name, ${COUNTS}
        FROM call_up_recipient r LEFT JOIN unit n ON n.id = r.unit_id
       WHERE r.call_up_id = ${id}
       GROUP BY r.unit_id ORDER BY called DESC, name NULLS LAST`);
    const byPartyGroup = await this.uow.query<RollCallGroup>(sql`
      SELECT r.party_group_id AS id, max(g.name) AS name, ${COUNTS}
        FROM call_up_recipient r LEFT JOIN party_group g ON g.id = r.party_group_id
       WHERE r.call_up_id = ${id}
       GROUP BY r.party_group_id ORDER BY called DESC, name NULLS LAST`);
    return { callUp, byUnit, byPartyGroup };
  }

  /**
   * Members on the roll-call, optionally in one state: the available by
   * when they arrive, the others by name.
   */
  async entries(
    actor: Actor,
    id: string,
    state: RollCallState | null,
    page: PageRequest,
  ): Promise<Page<RollCallEntry>> {
    await this.callUp(actor, id);
    const rows = await this.uow.query<RollCallEntry & { total: number }>(sql`
      SELECT r.member_id AS "memberId", m.name, r.kind, n.name AS "unitName",
             g.name AS "partyGroupName", coalesce(r.answer, 'UNANSWERED') AS state,
             r.arrive_at AS "arriveAt", r.answered_at AS "answeredAt", count(*) OVER ()::int AS total
        FROM call_up_recipient r
        JOIN member m ON m.id = r.member_id
        LEFT JOIN unit n ON n.id = r.unit_id
        LEFT JOIN party_group g ON g.id = r.party_group_id
       WHERE r.call_up_id = ${id} AND ${rawSql(state ? STATE_FILTER[state] : 'TRUE')}
       ORDER BY r.arrive_at NULLS LAST, m.name, r.member_id
       LIMIT ${page.first} OFFSET ${page.offset}`);
    return {
      items: rows.map(({ total: _, ...entry }) => entry),
      totalCount: rows[0]?.total ?? 0,
    };
  }

  /** The communities whose call-ups may call these members: where they live or serve now. */
  async communitiesCalling(memberIds: readonly string[]): Promise<string[]> {
    const rows = await this.uow.query<{ id: string }>(sql`
      SELECT residence_community_id AS id FROM member
       WHERE id = ANY(${memberIds}::uuid[]) AND kind = 'RESIDENT'
      UNION
      SELECT community_id FROM secondment
       WHERE member_id = ANY(${memberIds}::uuid[]) AND status = 'ACTIVE'`);
    return rows.flatMap((row) => (row.id ? [row.id] : []));
  }

  /** The members on the call-up's roll-call (written once, at the fan-out, and never changed). */
  async calledMembers(callUpId: string): Promise<string[]> {
    const rows = await this.uow.query<{ memberId: string }>(sql`
      SELECT member_id AS "memberId" FROM call_up_recipient WHERE call_up_id = ${callUpId}`);
    return rows.map((row) => row.memberId);
  }

  /** The call-ups the actor was called to (or the one named): open ones first, then the latest. */
  async mine(actor: Actor, id?: string): Promise<MyCallUpView[]> {
    return this.uow.query<MyCallUpView>(sql`
      SELECT u.id, u.community_id AS "communityId", c.name AS "communityName", u.message,
             u.respond_by AS "respondBy", u.status, r.answer, r.arrive_at AS "arriveAt",
             r.answered_at AS "answeredAt"
        FROM call_up_recipient r
        JOIN call_up u ON u.id = r.call_up_id
        JOIN community c ON c.id = u.community_id
       WHERE r.member_id = ANY(${memberIdsOf(actor)}::uuid[])
         AND ${id === undefined ? rawSql('TRUE') : sql`u.id = ${id}`}
       ORDER BY u.status = 'OPEN' DESC, u.created_at DESC
       LIMIT 50`);
  }
}
