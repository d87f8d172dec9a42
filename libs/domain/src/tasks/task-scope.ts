import { communityIdsOf, isOperator, memberIdsOf, partyGroupIdsOf, type Actor } from '#core';
import { joinSql, rawSql, sql, type Sql } from '#database';

/**
 * Tasks an actor may see, over the `task t` row: the committee its
 * community's; a group leader those at the courtyard their party group
 * covers; a member those they were offered or are (or were) assigned to.
 * Unit HR sees none here (their reports come later). Only the parts for
 * grants the actor holds are sent.
 */
export function visibleTasks(actor: Actor): Sql {
  if (isOperator(actor)) return rawSql('TRUE');
  const communities = communityIdsOf(actor);
  const groups = partyGroupIdsOf(actor);
  const members = memberIdsOf(actor);
  const parts: Sql[] = [];
  if (communities.length > 0) parts.push(sql`t.community_id = ANY(${communities})`);
  if (groups.length > 0) {
    parts.push(sql`t.courtyard_id IN (SELECT g.courtyard_id FROM party_group g
                                       WHERE g.id = ANY(${groups}))`);
  }
  if (members.length > 0) {
    parts.push(
      sql`EXISTS (SELECT 1 FROM task_offer o WHERE o.task_id = t.id AND o.member_id = ANY(${members}))`,
      sql`EXISTS (SELECT 1 FROM assignment a WHERE a.task_id = t.id AND a.member_id = ANY(${members}))`,
    );
  }
  return sql`(${joinSql(parts, ' OR ')})`;
}
