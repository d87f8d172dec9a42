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
  partyGroupId!: string | null;

  @Column('uuid', { nullable: true })
  memberId!: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  grantedAt!: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt!: Date | null;
}

/** Row → the tagged union services reason about. The table's CHECK guarantees the scope column is set. */
export function toRoleGrant(row: RoleGrantEntity): RoleGrant {
  switch (row.role) {
    case 'OPERATOR':
      return { role: 'OPERATOR' };
    case 'COMMUNITY_ADMIN':
      return { role: 'COMMUNITY_ADMIN', communityId: row.communityId ?? '' };
    case 'UNIT_HR':
      return { role: 'UNIT_HR', unitId: row.unitId ?? '' };
    case 'GROUP_LEADER':
      return { role: 'GROUP_LEADER', partyGroupId: row.partyGroupId ?? '' };
    case 'MEMBER':
      return { role: 'MEMBER', memberId: row.memberId ?? '' };
  }
}

/** The tagged union → the row's scope columns. */
export function grantColumns(
  grant: RoleGrant,
): Pick<RoleGrantEntity, 'role' | 'communityId' | 'unitId' | 'partyGroupId' | 'memberId'> {
  return {
    role: grant.role,
    communityId: grant.role === 'COMMUNITY_ADMIN' ? grant.communityId : null,
    unitId: grant.role === 'UNIT_HR' ? grant.unitId : null,
    partyGroupId: grant.role === 'GROUP_LEADER' ? grant.partyGroupId : null,
    memberId: grant.role === 'MEMBER' ? grant.memberId : null,
  };
}
