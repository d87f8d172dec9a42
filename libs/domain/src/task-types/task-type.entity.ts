import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { KnowledgeLevel, TaskCategory } from './task-category.js';

export const PHYSICAL_INTENSITIES = ['LIGHT', 'MODERATE', 'HEAVY'] as const;
export type PhysicalIntensity = (typeof PHYSICAL_INTENSITIES)[number];

/**
 * A kind of duty (任务类型), in the shared catalogue (no community) or a
 * community's own. Never deleted, since tasks refer to it: a type no longer
 * offered is retired.
 */
@Entity('task_type')
export class TaskType {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Null for the shared catalogue, managed by operators. */
  @Column('uuid', { nullable: true })
  communityId!: string | null;

  @Column('text')
  name!: string;

  @Column('text')
  description!: string;

  @Column('text')
  basicKnowledge!: KnowledgeLevel;

  @Column('text')
  professionalKnowledge!: KnowledgeLevel;

  /** Always categoryOf(basicKnowledge, professionalKnowledge); stored so lists filter by it. */
  @Column('text')
  category!: TaskCategory;

  @Column('text', { array: true })
  requiredSkills!: string[];

  @Column('text')
  intensity!: PhysicalIntensity;

  @Column('boolean')
  outdoor!: boolean;

  @Column('boolean')
  night!: boolean;

  @Column('int')
  defaultDurationMinutes!: number;

  @Column('int')
  pointsWeight!: number;

  @Column('boolean')
  countsAsVolunteerService!: boolean;

  @Column('timestamptz', { nullable: true })
  retiredAt!: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;
}
