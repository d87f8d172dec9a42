import { communityIdsOf, isOperator, memberIdsOf, unitIdsOf, type Actor } from '#core';
import type { SqlCondition } from '#domain/organisation';

/**
 * Secondments an actor may see: the committee those to its community, unit
 * HR those of their unit's members (and nothing of another unit's), a member
 * their own.
 */
export function visibleSecondments(actor: Actor, alias: string): SqlCondition {
  if (isOperator(actor)) return { where: 'TRUE', params: {} };
  return {
    where: `(${alias}.community_id = ANY(:scopeCommunityIds)
      OR ${alias}.unit_id = ANY(:scopeUnitIds)
      OR ${alias}.member_id = ANY(:scopeMemberIds))`,
    params: {
      scopeCommunityIds: communityIdsOf(actor),
      scopeUnitIds: unitIdsOf(actor),
      scopeMemberIds: memberIdsOf(actor),
    },
  };
}
