import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const SECONDMENT_STATUSES = [
  'REQUESTED',
  'UNIT_APPROVED',
  'ACTIVE',
  'REJECTED',
  'ENDED',
] as const;
export type SecondmentStatus = (typeof SECONDMENT_STATUSES)[number];

export const SECONDMENT_CHANNELS = ['INDIVIDUAL', 'BATCH', 'TRANSFER'] as const;
export type SecondmentChannel = (typeof SECONDMENT_CHANNELS)[number];

export const SECONDMENT_END_REASONS = ['LEFT', 'TRANSFERRED', 'BATCH_ENDED', 'WITHDRAWN'] as const;
export type SecondmentEndReason = (typeof SECONDMENT_END_REASONS)[number];

export const REJECTION_STAGES = ['UNIT', 'COMMUNITY'] as const;
export type RejectionStage = (typeof REJECTION_STAGES)[number];

/**
 * A seconded member's report-in (报到) to one community. Each request is its
 * own row and rows are never reused: a transfer ends one and starts another,
 * so the member's history of communities stays readable.
 */
@Entity('secondment')
export class Secondment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  memberId!: string;

  /** The unit holding the member's party relationship when they reported in. */
  @Column('uuid')
  unitId!: string;

  @Column('uuid')
  communityId!: string;

  @Column('text')
  channel!: SecondmentChannel;

  @Column('uuid', { nullable: true })
  batchId!: string | null;

  @Column('uuid', { nullable: true })
  transferFromId!: string | null;

  @Column('text')
  status!: SecondmentStatus;

  @Column('timestamptz', { default: () => 'now()' })
  requestedAt!: Date;

  @Column('timestamptz', { nullable: true })
  unitApprovedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  activatedAt!: Date | null;

  @Column('text', { nullable: true })
  receiptNumber!: string | null;

  /** YYYY-MM-DD in the community's time zone. */
  @Column('date', { nullable: true })
  reportDueOn!: string | null;

  @Column('timestamptz', { nullable: true })
  lastReportedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  rejectedAt!: Date | null;

  @Column('text', { nullable: true })
  rejectedStage!: RejectionStage | null;

  @Column('text', { nullable: true })
  rejectionReason!: string | null;

  @Column('timestamptz', { nullable: true })
  endedAt!: Date | null;

  @Column('text', { nullable: true })
  endReason!: SecondmentEndReason | null;
}
