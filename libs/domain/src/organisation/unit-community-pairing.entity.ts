import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 对口联系: a unit paired with a community it sends seconded members to. */
@Entity('unit_community_pairing')
export class UnitCommunityPairing {
  @PrimaryColumn('uuid')
  unitId!: string;

  @PrimaryColumn('uuid')
  communityId!: string;

  @Column('timestamptz', { default: () => 'now()' })
  pairedAt!: Date;
}
