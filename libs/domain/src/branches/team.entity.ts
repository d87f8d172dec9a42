import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const TEAM_KINDS = ['RESIDENT_TEAM', 'SECONDED_SQUAD', 'JOINT_TEAM'] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];

/**
 * A volunteer team in a community: a resident team (the repair team of
 * retired technicians), a squad of seconded members, or a joint team of both.
 */
@Entity('team')
export class Team {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  communityId!: string;

  @Column('text')
  name!: string;

  @Column('text')
  kind!: TeamKind;

  @Column('text')
  specialty!: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;
}
