import { communityIdsOf, isOperator, memberIdsOf, unitIdsOf, type Actor } from '#core';

/** A WHERE fragment and its parameters, for TypeORM's query builder. */
export interface SqlCondition {
  readonly where: string;
  readonly params: Record<string, unknown>;
}

function grantParams(actor: Actor): Record<string, string[]> {
  return {
    scopeCommunityIds: communityIdsOf(actor),
    scopeUnitIds: unitIdsOf(actor),
    scopeMemberIds: memberIdsOf(actor),
  };
}

/**
 * Communities an actor may see: the committee its own; unit HR the
 * communities their unit is currently paired with; a member where they live
 * and, if seconded, where their unit is currently paired. An ended pairing
 * grants nothing.
 */
export function visibleCommunities(actor: Actor, alias: string): SqlCondition {
  if (isOperator(actor)) return { where: 'TRUE', params: {} };
  return {
    where: `(${alias}.id = ANY(:scopeCommunityIds)
      OR ${alias}.id IN (SELECT p.community_id FROM unit_community_pairing p
                         WHERE p.unit_id = ANY(:scopeUnitIds) AND p.ended_at IS NULL)
      OR ${alias}.id IN (SELECT m.residence_community_id FROM member m WHERE m.id = ANY(:scopeMemberIds))
      OR ${alias}.id IN (SELECT p.community_id FROM unit_community_pairing p
                         JOIN member m ON m.unit_id = p.unit_id
                         WHERE m.id = ANY(:scopeMemberIds) AND p.ended_at IS NULL))`,
    params: grantParams(actor),
  };
}

/**
 * Units an actor may see: unit HR their own; the committee the units
 * currently paired with its community; a seconded member their own unit.
 */
export function visibleUnits(actor: Actor, alias: string): SqlCondition {
  if (isOperator(actor)) return { where: 'TRUE', params: {} };
  return {
    where: `(${alias}.id = ANY(:scopeUnitIds)
      OR ${alias}.id IN (SELECT p.unit_id FROM unit_community_pairing p
                         WHERE p.community_id = ANY(:scopeCommunityIds) AND p.ended_at IS NULL)
      OR ${alias}.id IN (SELECT m.unit_id FROM member m WHERE m.id = ANY(:scopeMemberIds)))`,
    params: grantParams(actor),
  };
}

/**
 * Pairings an actor may read: both parties to one (the community's committee
 * and the unit's HR) read it current or ended, as their history; anyone else
 * reads only current pairings whose community and unit they both see (a
 * seconded member, where their unit is paired). `community` and `unit` are
 * the aliases of the pairing's community and unit, joined by the caller.
 */
export function visiblePairings(
  actor: Actor,
  aliases: { pairing: string; community: string; unit: string },
): SqlCondition {
  if (isOperator(actor)) return { where: 'TRUE', params: {} };
  const communities = visibleCommunities(actor, aliases.community);
  const units = visibleUnits(actor, aliases.unit);
  const p = aliases.pairing;
  return {
    where: `(${p}.community_id = ANY(:scopeCommunityIds) OR ${p}.unit_id = ANY(:scopeUnitIds)
      OR (${p}.ended_at IS NULL AND ${communities.where} AND ${units.where}))`,
    params: grantParams(actor),
  };
}

/** Whether the actor administers the community (operators administer all). */
export function administers(actor: Actor, communityId: string): boolean {
  return isOperator(actor) || communityIdsOf(actor).includes(communityId);
}
