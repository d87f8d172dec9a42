import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A party group (党小组) inside a temporary branch, covering one courtyard. */
@Entity('party_group')
export class PartyGroup {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  branchId!: string;

  @Column('uuid')
  communityId!: string;

  @Column('uuid')
  courtyardId!: string;

  @Column('text')
  name!: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;
}
