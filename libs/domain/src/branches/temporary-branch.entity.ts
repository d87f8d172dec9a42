import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const BRANCH_STATUSES = ['OPEN', 'DISSOLVED'] as const;
export type BranchStatus = (typeof BRANCH_STATUSES)[number];

/**
 * A temporary party branch (临时党支部) set up in a community for its seconded
 * members, for a period or a campaign. Dissolving it ends its groups'
 * assignments; the rows stay, so its history remains readable.
 */
@Entity('temporary_branch')
export class TemporaryBranch {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  communityId!: string;

  @Column('text')
  name!: string;

  @Column('text')
  purpose!: string;

  @Column('date')
  startsOn!: string;

  @Column('date', { nullable: true })
  endsOn!: string | null;

  @Column('text', { default: 'OPEN' })
  status!: BranchStatus;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  dissolvedAt!: Date | null;
}
