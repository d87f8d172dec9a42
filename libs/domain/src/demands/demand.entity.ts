import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TaskPriority } from '#domain/tasks';

export const DEMAND_CHANNELS = ['VISIT', 'PHONE', 'APP'] as const;
export type DemandChannel = (typeof DEMAND_CHANNELS)[number];

export const DEMAND_STATUSES = ['OPEN', 'ACCEPTED', 'REJECTED', 'MERGED'] as const;
export type DemandStatus = (typeof DEMAND_STATUSES)[number];

/**
 * A resident's need as the committee recorded it (点单). The requester's name
 * and phone are personal data: kept only encrypted, shown masked outside the
 * committee, never put in a job or a log line.
 */
@Entity('demand')
export class Demand {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  communityId!: string;

  @Column('uuid')
  courtyardId!: string;

  @Column('text')
  description!: string;

  /** The same scale as a task's priority, which an accepted demand's tasks start from. */
  @Column('text')
  urgency!: TaskPriority;

  @Column('text')
  channel!: DemandChannel;

  @Column('bytea')
  requesterNameCipher!: Buffer;

  @Column('bytea')
  requesterPhoneCipher!: Buffer;

  @Column('text')
  status!: DemandStatus;

  @Column('text', { nullable: true })
  rejectionReason!: string | null;

  @Column('uuid', { nullable: true })
  mergedIntoId!: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  receivedAt!: Date;

  @Column('uuid', { nullable: true })
  recordedBy!: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;

  @Column('uuid', { nullable: true })
  decidedBy!: string | null;
}
