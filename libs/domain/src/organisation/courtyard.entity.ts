import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const COURTYARD_KINDS = ['COMPOUND', 'UNIT_FAMILY_COURTYARD', 'BUILDING'] as const;
export type CourtyardKind = (typeof COURTYARD_KINDS)[number];

/** The unit of locality inside a community (小区/院落/楼栋); party groups will cover one each. */
@Entity('courtyard')
export class Courtyard {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  communityId!: string;

  @Column('text')
  name!: string;

  @Column('text')
  kind!: CourtyardKind;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;
}
