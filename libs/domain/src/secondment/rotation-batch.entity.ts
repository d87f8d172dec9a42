import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ROTATION_BATCH_STATUSES = ['OPEN', 'ENDED'] as const;
export type RotationBatchStatus = (typeof ROTATION_BATCH_STATUSES)[number];

/**
 * A rotation batch of seconded members: its size is agreed between the lead
 * unit and the community party committee and filed with the city organs'
 * work committee (the filing reference). Ending it ends its secondments.
 */
@Entity('rotation_batch')
export class RotationBatch {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  communityId!: string;

  @Column('uuid')
  leadUnitId!: string;

  @Column('text')
  name!: string;

  @Column('date')
  plannedStart!: string;

  @Column('date')
  plannedEnd!: string;

  @Column('int')
  headcount!: number;

  @Column('text')
  filingReference!: string;

  @Column('text', { default: 'OPEN' })
  status!: RotationBatchStatus;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  endedAt!: Date | null;
}
