import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const SHIFT_SWAP_STATUSES = ['PENDING', 'ACCEPTED', 'DECLINED', 'CANCELLED'] as const;
export type ShiftSwapStatus = (typeof SHIFT_SWAP_STATUSES)[number];

/**
 * A member's request to hand one booked shift to a fellow claimant of the
 * post, who accepts or declines it. Until accepted the requester stays
 * booked: a shift is never left without the member it had.
 */
@Entity('shift_swap')
export class ShiftSwap {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The booking handed over. */
  @Column('uuid')
  assignmentId!: string;

  @Column('uuid')
  fromMemberId!: string;

  @Column('uuid')
  toMemberId!: string;

  @Column('text')
  note!: string;

  @Column('text')
  status!: ShiftSwapStatus;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  answeredAt!: Date | null;
}
