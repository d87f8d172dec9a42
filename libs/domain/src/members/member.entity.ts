import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const MEMBER_KINDS = ['RESIDENT', 'SECONDED'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

export const GENDERS = ['MALE', 'FEMALE'] as const;
export type Gender = (typeof GENDERS)[number];

/**
 * What work a member can safely take. FRAIL members (often elderly residents)
 * get no heavy or outdoor night duty; the matcher filters on it.
 */
export const PHYSICAL_CONDITIONS = ['GOOD', 'LIMITED', 'FRAIL'] as const;
export type PhysicalCondition = (typeof PHYSICAL_CONDITIONS)[number];

/**
 * A party member who volunteers: a resident member (party relationship in the
 * community) or a seconded member (party relationship in a work unit). Phone
 * and ID number are stored only encrypted, each with a keyed hash for lookup
 * and uniqueness.
 */
@Entity('member')
export class Member {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  kind!: MemberKind;

  @Column('text')
  name!: string;

  @Column('text')
  gender!: Gender;

  /** A calendar date (YYYY-MM-DD), not an instant. */
  @Column('date')
  birthDate!: string;

  @Column('bytea')
  phoneCipher!: Buffer;

  @Column('bytea')
  phoneHash!: Buffer;

  @Column('bytea')
  idNumberCipher!: Buffer;

  @Column('bytea')
  idNumberHash!: Buffer;

  @Column('uuid', { nullable: true })
  residenceCommunityId!: string | null;

  @Column('uuid', { nullable: true })
  residenceCourtyardId!: string | null;

  /** Set for seconded members only: the unit that holds their party relationship. */
  @Column('uuid', { nullable: true })
  unitId!: string | null;

  @Column('text', { array: true })
  skills!: string[];

  /** Minutes since Monday 00:00, community time; see availability.ts. */
  @Column('int4multirange')
  availability!: string;

  @Column('text')
  physicalCondition!: PhysicalCondition;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt!: Date;
}
