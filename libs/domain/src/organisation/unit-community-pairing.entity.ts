import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * 对口联系: a unit paired with a community it sends seconded members to.
 * Ending a pairing keeps the row (rotation batches reference it) with
 * `endedAt` set; only a current pairing grants visibility or eligibility.
 * Pairing again reopens the same row.
 */
@Entity('unit_community_pairing')
export class UnitCommunityPairing {
  @PrimaryColumn('uuid')
  unitId!: string;

  @PrimaryColumn('uuid')
  communityId!: string;

  /** When the current (or, once ended, the last) period of the pairing began. */
  @Column('timestamptz', { default: () => 'now()' })
  pairedAt!: Date;

  @Column('timestamptz', { nullable: true })
  endedAt!: Date | null;
}
