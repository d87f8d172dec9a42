import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TaskCategory } from '#domain/task-types';

export const TASK_STATUSES = [
  'DRAFT',
  'DISPATCHING',
  'FILLED',
  'IN_PROGRESS',
  'COMPLETED',
  'CANCELLED',
  'UNFILLED',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** How pressing a task is: dispatch order, over-offers and fallback pools follow from it. */
export const TASK_PRIORITIES = ['NORMAL', 'URGENT', 'EMERGENCY'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

/** Who has been told that no candidate is left: the courtyard's group leader first, then the committee. */
export const ESCALATION_LEVELS = ['NONE', 'GROUP_LEADER', 'COMMITTEE'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

/**
 * A duty the committee sends out (订单): a task type's work at one courtyard
 * in one time window, for a number of members. Its category is copied from
 * the type when it is created, so that correcting a type later re-routes no
 * task already out.
 */
@Entity('task')
export class Task {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  communityId!: string;

  @Column('uuid')
  courtyardId!: string;

  @Column('uuid')
  taskTypeId!: string;

  @Column('uuid', { nullable: true })
  demandId!: string | null;

  /** The shift whose released place this task refills (with the booking released); null otherwise. */
  @Column('uuid', { nullable: true })
  shiftId!: string | null;

  @Column('uuid', { nullable: true })
  refillsAssignmentId!: string | null;

  @Column('text')
  category!: TaskCategory;

  @Column('text')
  title!: string;

  @Column('text')
  description!: string;

  @Column('timestamptz')
  startsAt!: Date;

  @Column('timestamptz')
  endsAt!: Date;

  @Column('int')
  headcount!: number;

  /** JOINT only: the slots for seconded members (the rest are residents'). */
  @Column('int', { nullable: true })
  secondedSlots!: number | null;

  @Column('int', { nullable: true })
  residentSlots!: number | null;

  @Column('text')
  priority!: TaskPriority;

  /** How long a member has to answer an offer before it passes to the next candidate. */
  @Column('int')
  offerTimeoutMinutes!: number;

  @Column('double precision', { nullable: true })
  latitude!: number | null;

  @Column('double precision', { nullable: true })
  longitude!: number | null;

  @Column('text')
  status!: TaskStatus;

  /** Incremented by every publish and re-dispatch; offers belong to a round. */
  @Column('int')
  dispatchRound!: number;

  @Column('text')
  escalation!: EscalationLevel;

  @Column('timestamptz', { nullable: true })
  escalatedAt!: Date | null;

  /** The first escalation of any round: kept when a new dispatch starts escalation again. */
  @Column('timestamptz', { nullable: true })
  firstEscalatedAt!: Date | null;

  /** The requester's rating of the finished work (评单), 1–5, recorded once. */
  @Column('smallint', { nullable: true })
  rating!: number | null;

  @Column('text', { nullable: true })
  ratingComment!: string | null;

  @Column('timestamptz', { nullable: true })
  ratedAt!: Date | null;

  @Column('uuid', { nullable: true })
  createdBy!: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt!: Date;
}
