import { communityIdsOf, isOperator, memberIdsOf, unitIdsOf, type Actor } from '#core';
import { joinSql, rawSql, sql, type Sql } from '#database';

/*
 * Who sees which communities, units and pairings. Each rule is written once,
 * as SQL over fixed aliases (`community c`, `unit u`, `unit_community_pairing
 * p`); query builders take it through toCondition. Only the parts for grants
 * the actor holds are sent. An ended pairing grants nothing.
 */

/**
 * Communities an actor may see: the committee its own; unit HR the
 * communities their unit is currently paired with; a member where they live
 * and, if seconded, where their unit is currently paired.
 */
export function visibleCommunities(actor: Actor): Sql {
  if (isOperator(actor)) return rawSql('TRUE');
  const communities = communityIdsOf(actor);
  const units = unitIdsOf(actor);
  const members = memberIdsOf(actor);
  const parts: Sql[] = [];
  if (communities.length > 0) parts.push(sql`c.id = ANY(${communities})`);
  if (units.length > 0) {
    parts.push(sql`c.id IN (SELECT p.community_id FROM unit_community_pairing p
                             WHERE p.unit_id = ANY(${units}) AND p.ended_at IS NULL)`);
  }
  if (members.length > 0) {
    parts.push(
      sql`c.id IN (SELECT m.residence_community_id FROM member m WHERE m.id = ANY(${members}))`,
      sql`c.id IN (SELECT p.community_id FROM unit_community_pairing p
                    JOIN member m ON m.unit_id = p.unit_id
                   WHERE m.id = ANY(${members}) AND p.ended_at IS NULL)`,
    );
  }
  return sql`(${joinSql(parts, ' OR ')})`;
}

/**
 * Units an actor may see: unit HR their own; the committee the units
 * currently paired with its community; a seconded member their own unit.
 */
export function visibleUnits(actor: Actor): Sql {
  if (isOperator(actor)) return rawSql('TRUE');
  const communities = communityIdsOf(actor);
  const units = unitIdsOf(actor);
  const members = memberIdsOf(actor);
  const parts: Sql[] = [];
  if (units.length > 0) parts.push(sql`u.id = ANY(${units})`);
  if (communities.length > 0) {
    parts.push(sql`u.id IN (SELECT p.unit_id FROM unit_community_pairing p
                             WHERE p.community_id = ANY(${communities}) AND p.ended_at IS NULL)`);
  }
  if (members.length > 0) {
    parts.push(sql`u.id IN (SELECT m.unit_id FROM member m WHERE m.id = ANY(${members}))`);
  }
  return sql`(${joinSql(parts, ' OR ')})`;
}

/**
 * Pairings an actor may read: both parties to one (the community's committee
 * and the unit's HR) read it current or ended, as their history; anyone else
 * reads only current pairings whose community and unit they both see (a
 * seconded member, where their unit is paired). Over the pairing `p` with its
 * community `c` and unit `u` joined by the caller.
 */
export function visiblePairings(actor: Actor): Sql {
  if (isOperator(actor)) return rawSql('TRUE');
  const communities = communityIdsOf(actor);
  const units = unitIdsOf(actor);
  const parts: Sql[] = [];
  if (communities.length > 0) parts.push(sql`p.community_id = ANY(${communities})`);
  if (units.length > 0) parts.push(sql`p.unit_id = ANY(${units})`);
  parts.push(sql`(p.ended_at IS NULL AND ${visibleCommunities(actor)} AND ${visibleUnits(actor)})`);
  return sql`(${joinSql(parts, ' OR ')})`;
}

/** Whether the actor administers the community (operators administer all). */
export function administers(actor: Actor, communityId: string): boolean {
  return isOperator(actor) || communityIdsOf(actor).includes(communityId);
}
