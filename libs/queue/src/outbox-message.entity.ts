import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { JobPayload } from './job-payload.js';

/** A job waiting to be moved to BullMQ, written in the transaction that caused it. */
@Entity('outbox_message')
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** Becomes the BullMQ job id; see the migration for why it is not the row id. */
  @Column('uuid', { default: () => 'gen_random_uuid()' })
  jobId!: string;

  /**
   * The deterministic BullMQ job id of a job that belongs to one entity (its
   * definition's `jobId`); null: the job id is derived from `jobId` above.
   */
  @Column('text', { nullable: true })
  jobKey!: string | null;

  @Column('text')
  queue!: string;

  @Column('text')
  jobName!: string;

  @Column('jsonb')
  payload!: JobPayload;

  /** The request that caused the job (an id, never personal data), carried to the job's log lines. */
  @Column('text', { nullable: true })
  requestId!: string | null;

  /** The BullMQ priority of this job (1 first); null: the catalogue's. */
  @Column('int', { nullable: true })
  priority!: number | null;

  @Column('timestamptz')
  availableAt!: Date;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  relayedAt!: Date | null;
}
