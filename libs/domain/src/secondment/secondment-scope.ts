import { communityIdsOf, isOperator, memberIdsOf, unitIdsOf, type Actor } from '#core';
import { joinSql, rawSql, sql, type Sql } from '#database';

/**
 * Secondments an actor may see, over the `secondment s` row: the committee
 * those to its community, unit HR those of their unit's members (and nothing
 * of another unit's), a member their own. Only the parts for grants the actor
 * holds are sent.
 */
export function visibleSecondments(actor: Actor): Sql {
  if (isOperator(actor)) return rawSql('TRUE');
  const communities = communityIdsOf(actor);
  const units = unitIdsOf(actor);
  const members = memberIdsOf(actor);
  const parts: Sql[] = [];
  if (communities.length > 0) parts.push(sql`s.community_id = ANY(${communities})`);
  if (units.length > 0) parts.push(sql`s.unit_id = ANY(${units})`);
  if (members.length > 0) parts.push(sql`s.member_id = ANY(${members})`);
  return sql`(${joinSql(parts, ' OR ')})`;
}
