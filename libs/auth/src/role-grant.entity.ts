import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role, RoleGrant } from '#core';

/**
 * One role of an account with its scope column. Revoked grants keep their row
 * (revoked_at) so the history of who could do what stays readable.
 */
@Entity('role_grant')
export class RoleGrantEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  accountId!: string;

  @Column('text')
  role!: Role;

  @Column('uuid', { nullable: true })
  communityId!: string | null;

  @Column('uuid', { nullable: true })
  unitId!: string | null;

  @Column('uuid', { nullable: true })
  memberId!: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  grantedAt!: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt!: Date | null;
}

/** A grant that is stored; GROUP_LEADER is derived from leading a party group. */
export type StoredRoleGrant = Exclude<RoleGrant, { role: 'GROUP_LEADER' }>;

/** A row of the `active_role_grant` view: stored grants and derived GROUP_LEADER ones. */
export interface ActiveGrantRow {
  readonly role: Role;
  readonly community_id: string | null;
  readonly unit_id: string | null;
  readonly member_id: string | null;
  readonly party_group_id: string | null;
  /** The role_grant row; null for a derived GROUP_LEADER grant. */
  readonly grant_id: string | null;
}

/** A grant as people see it: with the id to revoke it by, null for derived GROUP_LEADER grants. */
export type GrantView = RoleGrant & { readonly id: string | null };

/** Row → the tagged union services reason about. The CHECKs guarantee the scope column is set. */
export function toRoleGrant(row: ActiveGrantRow): RoleGrant {
  switch (row.role) {
    case 'OPERATOR':
      return { role: 'OPERATOR' };
    case 'COMMUNITY_ADMIN':
      return { role: 'COMMUNITY_ADMIN', communityId: row.community_id ?? '' };
    case 'UNIT_HR':
      return { role: 'UNIT_HR', unitId: row.unit_id ?? '' };
    case 'GROUP_LEADER':
      return { role: 'GROUP_LEADER', partyGroupId: row.party_group_id ?? '' };
    case 'MEMBER':
      return { role: 'MEMBER', memberId: row.member_id ?? '' };
  }
}

export function toGrantView(row: ActiveGrantRow): GrantView {
  return { ...toRoleGrant(row), id: row.grant_id };
}

/** The tagged union → the row's scope columns. */
export function grantColumns(
  grant: StoredRoleGrant,
): Pick<RoleGrantEntity, 'role' | 'communityId' | 'unitId' | 'memberId'> {
  return {
    role: grant.role,
    communityId: grant.role === 'COMMUNITY_ADMIN' ? grant.communityId : null,
    unitId: grant.role === 'UNIT_HR' ? grant.unitId : null,
    memberId: grant.role === 'MEMBER' ? grant.memberId : null,
  };
}
