import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { MemberKind } from '#domain/members';

export const ASSIGNMENT_STATUSES = [
  'ACCEPTED',
  'WITHDRAWN',
  /** A shift booking its member released or handed over by a swap. */
  'RELEASED',
  'CANCELLED',
  'NO_SHOW',
  'COMPLETED',
] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export const ASSIGNMENT_SOURCES = ['OFFER', 'CLAIM'] as const;
export type AssignmentSource = (typeof ASSIGNMENT_SOURCES)[number];

/**
 * A member booked for a task, by accepting an offer or claiming an open task
 * (领单). Live while ACCEPTED: then its window (`booked`, a tstzrange copied
 * from the task) takes part in the exclusion constraint that makes double
 * booking impossible. A post's shifts book their members in the same table
 * (shift_id instead of task_id, source POST), so that constraint covers
 * both; this entity is a task's booking, and is only ever read for one.
 */
@Entity('assignment')
export class Assignment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  taskId!: string;

  @Column('uuid')
  memberId!: string;

  @Column('text')
  slotKind!: MemberKind;

  @Column('text')
  source!: AssignmentSource;

  @Column('uuid', { nullable: true })
  offerId!: string | null;

  /** PostgreSQL range literal, e.g. ["2026-11-24 08:00:00+00","2026-11-24 10:00:00+00"). */
  @Column('tstzrange')
  booked!: string;

  @Column('text')
  status!: AssignmentStatus;

  @Column('timestamptz', { default: () => 'now()' })
  acceptedAt!: Date;

  @Column('timestamptz', { nullable: true })
  endedAt!: Date | null;

  @Column('uuid', { nullable: true })
  endedBy!: string | null;
}
