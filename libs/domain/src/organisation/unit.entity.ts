import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const UNIT_KINDS = [
  'GOVERNMENT_ORGAN',
  'PUBLIC_INSTITUTION',
  'STATE_ENTERPRISE',
  'OTHER',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** A work unit (单位) whose party members are seconded to communities. */
@Entity('unit')
export class Unit {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  kind!: UnitKind;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;
}
