import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const GROUP_ROLES = ['LEADER', 'DEPUTY', 'MEMBER'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

export const ASSIGNMENT_END_REASONS = [
  'ENDED',
  'ROLE_CHANGED',
  'BRANCH_DISSOLVED',
  'SECONDMENT_ENDED',
] as const;
export type AssignmentEndReason = (typeof ASSIGNMENT_END_REASONS)[number];

/**
 * A member's place in a party group or a team, with a role and a period.
 * Rows are appended and may only be ended, once (a trigger refuses any other
 * change): a role change ends one row and appends another.
 */
@Entity('group_assignment')
export class GroupAssignment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  memberId!: string;

  @Column('uuid', { nullable: true })
  partyGroupId!: string | null;

  @Column('uuid', { nullable: true })
  teamId!: string | null;

  @Column('text')
  role!: GroupRole;

  @Column('timestamptz', { default: () => 'now()' })
  startedAt!: Date;

  @Column('timestamptz', { nullable: true })
  endedAt!: Date | null;

  @Column('text', { nullable: true })
  endReason!: AssignmentEndReason | null;
}
