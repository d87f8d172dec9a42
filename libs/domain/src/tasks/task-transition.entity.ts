import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TaskStatus } from './task.entity.js';

/** One step of a task's status history; appended, never changed (a trigger refuses). */
@Entity('task_transition')
export class TaskTransition {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('uuid')
  taskId!: string;

  /** Null for the task's creation. */
  @Column('text', { nullable: true })
  fromStatus!: TaskStatus | null;

  @Column('text')
  toStatus!: TaskStatus;

  /** Null when the system moved the task (the dispatcher, a schedule). */
  @Column('uuid', { nullable: true })
  accountId!: string | null;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  occurredAt!: Date;
}
