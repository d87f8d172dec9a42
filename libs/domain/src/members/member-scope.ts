import { communityIdsOf, isOperator, memberIdsOf, unitIdsOf, type Actor } from '#core';
import type { SqlCondition } from '#domain/organisation';
import type { Member } from './member.entity.js';

/**
 * Members an actor may see at all: the committee sees its residents and the
 * seconded members of units paired with it; unit HR sees their own unit's
 * members and nothing else; a member sees themself.
 */
export function visibleMembers(actor: Actor, alias: string): SqlCondition {
  if (isOperator(actor)) return { where: 'TRUE', params: {} };
  return {
    where: `(${alias}.residence_community_id = ANY(:scopeCommunityIds)
      OR (${alias}.kind = 'SECONDED' AND ${alias}.unit_id IN
          (SELECT p.unit_id FROM unit_community_pairing p WHERE p.community_id = ANY(:scopeCommunityIds)))
      OR ${alias}.unit_id = ANY(:scopeUnitIds)
      OR ${alias}.id = ANY(:scopeMemberIds))`,
    params: {
      scopeCommunityIds: communityIdsOf(actor),
      scopeUnitIds: unitIdsOf(actor),
      scopeMemberIds: memberIdsOf(actor),
    },
  };
}

/**
 * Whose phone and ID number the actor may read unmasked: the community where
 * the member lives, the unit that holds their party relationship, the member
 * themself, an operator. A committee only paired with a seconded member's unit
 * sees them masked; their unit keeps their personal data.
 */
export function coversPersonalData(
  actor: Actor,
  member: Pick<Member, 'id' | 'residenceCommunityId' | 'unitId'>,
): boolean {
  return (
    isOperator(actor) ||
    (member.residenceCommunityId !== null &&
      communityIdsOf(actor).includes(member.residenceCommunityId)) ||
    (member.unitId !== null && unitIdsOf(actor).includes(member.unitId)) ||
    memberIdsOf(actor).includes(member.id)
  );
}

/** Whether the actor may change the member's record (the same people who hold their personal data). */
export const maintains = coversPersonalData;
