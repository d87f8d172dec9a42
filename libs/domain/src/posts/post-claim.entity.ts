import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const POST_CLAIM_STATUSES = ['ACTIVE', 'ENDED'] as const;
export type PostClaimStatus = (typeof POST_CLAIM_STATUSES)[number];

/**
 * A member's claim of a post (认领), with their written commitment: how many
 * shifts a month, until when. For a seconded member it is a party duty they
 * report on; a resident's claim is their free choice and they may end it
 * whenever they like (as a seconded member may, answering to their branch).
 */
@Entity('post_claim')
export class PostClaim {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  postId!: string;

  @Column('uuid')
  memberId!: string;

  @Column('int')
  shiftsPerMonth!: number;

  /** Local date (YYYY-MM-DD): no shift after it is booked for this claim. */
  @Column('date')
  until!: string;

  @Column('text')
  commitment!: string;

  @Column('text')
  status!: PostClaimStatus;

  @Column('timestamptz', { default: () => 'now()' })
  claimedAt!: Date;

  @Column('timestamptz', { nullable: true })
  endedAt!: Date | null;
}
