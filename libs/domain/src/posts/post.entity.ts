import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const POST_STATUSES = ['ACTIVE', 'RETIRED'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

/**
 * A duty post (岗位): a recurring duty of a community, such as gate duty on
 * weekday evenings, with a weekly schedule (post_slot rows, see PostSlot), a
 * headcount per shift and a period. Members claim it; its shifts are
 * generated ahead and book its claimants.
 */
@Entity('post')
export class Post {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  communityId!: string;

  @Column('uuid')
  courtyardId!: string;

  @Column('uuid')
  taskTypeId!: string;

  @Column('text')
  name!: string;

  @Column('text')
  description!: string;

  @Column('int')
  headcount!: number;

  /** Local date (YYYY-MM-DD) in the community's time zone. */
  @Column('date')
  startsOn!: string;

  @Column('date', { nullable: true })
  endsOn!: string | null;

  @Column('double precision', { nullable: true })
  latitude!: number | null;

  @Column('double precision', { nullable: true })
  longitude!: number | null;

  @Column('text')
  status!: PostStatus;

  @Column('uuid', { nullable: true })
  createdBy!: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  retiredAt!: Date | null;
}
