import { communityIdsOf, isOperator, partyGroupIdsOf, type Actor } from '#core';
import { joinSql, rawSql, sql, type Sql } from '#database';

/**
 * Demands an actor may see, over the `demand d` row: the committee its
 * community's; a group leader those from the courtyard their party group
 * covers (with the requester masked). Members and unit HR see none: a
 * demand is the committee's working record of a resident's request.
 */
export function visibleDemands(actor: Actor): Sql {
  if (isOperator(actor)) return rawSql('TRUE');
  const communities = communityIdsOf(actor);
  const groups = partyGroupIdsOf(actor);
  const parts: Sql[] = [];
  if (communities.length > 0) parts.push(sql`d.community_id = ANY(${communities})`);
  if (groups.length > 0) {
    parts.push(sql`d.courtyard_id IN (SELECT g.courtyard_id FROM party_group g
                                       WHERE g.id = ANY(${groups}))`);
  }
  return sql`(${joinSql(parts, ' OR ')})`;
}
