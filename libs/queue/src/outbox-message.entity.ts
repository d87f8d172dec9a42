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

  @Column('text')
  queue!: string;

  @Column('text')
  jobName!: string;

  @Column('jsonb')
  payload!: JobPayload;

  @Column('timestamptz')
  availableAt!: Date;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  relayedAt!: Date | null;
}
