import { CommonErrors } from '../errors/domain-error.js';

/**
 * Who is acting, and over what. Every service method takes the actor first
 * and derives its scope from these grants; nothing is trusted from input.
 */
export type Role = 'OPERATOR' | 'COMMUNITY_ADMIN' | 'GROUP_LEADER' | 'MEMBER' | 'UNIT_HR';

export const ROLES: readonly Role[] = [
  'OPERATOR',
  'COMMUNITY_ADMIN',
  'GROUP_LEADER',
  'MEMBER',
  'UNIT_HR',
];

/** A role together with the one thing it is scoped to. */
export type RoleGrant =
  | { readonly role: 'OPERATOR' }
  | { readonly role: 'COMMUNITY_ADMIN'; readonly communityId: string }
  | { readonly role: 'GROUP_LEADER'; readonly partyGroupId: string }
  | { readonly role: 'MEMBER'; readonly memberId: string }
  | { readonly role: 'UNIT_HR'; readonly unitId: string };

export interface Actor {
  readonly accountId: string;
  /** The sign-in session the request came through; absent for the system (seed, jobs). */
  readonly sessionId?: string;
  readonly grants: readonly RoleGrant[];
  readonly requestId: string;
}

export function isOperator(actor: Actor): boolean {
  return actor.grants.some((g) => g.role === 'OPERATOR');
}

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.grants.some((g) => g.role === role);
}

export function communityIdsOf(actor: Actor): string[] {
  return actor.grants.flatMap((g) => (g.role === 'COMMUNITY_ADMIN' ? [g.communityId] : []));
}

export function unitIdsOf(actor: Actor): string[] {
  return actor.grants.flatMap((g) => (g.role === 'UNIT_HR' ? [g.unitId] : []));
}

export function memberIdsOf(actor: Actor): string[] {
  return actor.grants.flatMap((g) => (g.role === 'MEMBER' ? [g.memberId] : []));
}

/** The member the actor signs in as, for what only a member does for themself; FORBIDDEN otherwise. */
export function ownMemberOf(actor: Actor): string {
  const [memberId] = memberIdsOf(actor);
  if (!memberId) throw CommonErrors.forbidden();
  return memberId;
}

export function partyGroupIdsOf(actor: Actor): string[] {
  return actor.grants.flatMap((g) => (g.role === 'GROUP_LEADER' ? [g.partyGroupId] : []));
}
