import {
  communityIdsOf,
  isOperator,
  memberIdsOf,
  partyGroupIdsOf,
  unitIdsOf,
  type Actor,
} from '#core';
import { joinSql, rawSql, sql, type Sql } from '#database';

/*
 * Who sees which members, and whose phone and ID number in clear. Each rule
 * is written once, as SQL over the `member m` row, so lists, single reads and
 * nested lists apply the same rules in the statement that reads the rows.
 * Only the parts for grants the actor holds are sent.
 */

/** A seconded member serving in one of the actor's communities now (an ACTIVE report-in there). */
const servingIn = (communityIds: string[]) =>
  sql`EXISTS (SELECT 1 FROM secondment s WHERE s.member_id = m.id AND s.status = 'ACTIVE'
                 AND s.community_id = ANY(${communityIds}))`;

/** A member of one of the party groups the actor leads or deputises, now. */
const inLedGroup = (partyGroupIds: string[]) =>
  sql`EXISTS (SELECT 1 FROM group_assignment a WHERE a.member_id = m.id AND a.ended_at IS NULL
                 AND a.party_group_id = ANY(${partyGroupIds}))`;

/**
 * Members an actor may see at all: the committee its residents, the members
 * serving there now, and the seconded members of units paired with it (those
 * masked); unit HR their own unit's members and nothing else; a group leader
 * the members of their group; a member themself.
 */
export function visibleMembers(actor: Actor): Sql {
  if (isOperator(actor)) return rawSql('TRUE');
  const communities = communityIdsOf(actor);
  const units = unitIdsOf(actor);
  const members = memberIdsOf(actor);
  const groups = partyGroupIdsOf(actor);
  const parts: Sql[] = [];
  if (communities.length > 0) {
    parts.push(
      sql`m.residence_community_id = ANY(${communities})`,
      servingIn(communities),
      sql`(m.kind = 'SECONDED' AND m.unit_id IN (SELECT p.unit_id FROM unit_community_pairing p
             WHERE p.community_id = ANY(${communities}) AND p.ended_at IS NULL))`,
    );
  }
  if (units.length > 0) parts.push(sql`m.unit_id = ANY(${units})`);
  if (members.length > 0) parts.push(sql`m.id = ANY(${members})`);
  if (groups.length > 0) parts.push(inLedGroup(groups));
  return sql`(${joinSql(parts, ' OR ')})`;
}

/**
 * Where a member's personal data lives: the community where they live, the
 * unit that holds their party relationship, and the member themself. Those
 * read the ID number in clear and may change the record.
 */
export function holdsRecord(actor: Actor): Sql {
  if (isOperator(actor)) return rawSql('TRUE');
  const parts: Sql[] = [];
  const communities = communityIdsOf(actor);
  const units = unitIdsOf(actor);
  const members = memberIdsOf(actor);
  if (communities.length > 0) parts.push(sql`m.residence_community_id = ANY(${communities})`);
  if (units.length > 0) parts.push(sql`m.unit_id = ANY(${units})`);
  if (members.length > 0) parts.push(sql`m.id = ANY(${members})`);
  return joinSql(parts, ' OR ');
}

/**
 * Whose phone the actor reads in clear: whoever holds the record, plus those
 * who must reach the member to work with them — the committee of the
 * community where a seconded member serves now, and the leader of their
 * party group. ID numbers stay masked for those.
 */
function reachesByPhone(actor: Actor): Sql {
  const parts = [holdsRecord(actor)];
  const communities = communityIdsOf(actor);
  const groups = partyGroupIdsOf(actor);
  if (communities.length > 0) parts.push(servingIn(communities));
  if (groups.length > 0) parts.push(inLedGroup(groups));
  return joinSql(parts, ' OR ');
}

/**
 * Reads that are not audited: a member's own, and their home committee's,
 * which keeps the record. Every other clear read (an operator, unit HR, a
 * committee reading a seconded member, a group leader) leaves an audit line.
 */
function atHome(actor: Actor): Sql {
  const parts: Sql[] = [];
  const communities = communityIdsOf(actor);
  const members = memberIdsOf(actor);
  if (communities.length > 0) parts.push(sql`m.residence_community_id = ANY(${communities})`);
  if (members.length > 0) parts.push(sql`m.id = ANY(${members})`);
  return joinSql(parts, ' OR ');
}

/**
 * The three access columns every member read selects: `clear_id`,
 * `clear_phone`, `at_home`. Each is TRUE or FALSE, never NULL (a seconded
 * member has no residence community, and NULL would slip past `NOT at_home`).
 */
export function personalAccessColumns(actor: Actor): Sql {
  return sql`coalesce(${holdsRecord(actor)}, FALSE) AS clear_id,
             coalesce(${reachesByPhone(actor)}, FALSE) AS clear_phone,
             coalesce(${atHome(actor)}, FALSE) AS at_home`;
}
