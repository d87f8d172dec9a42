import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A residential community (社区) run by its community party committee. */
@Entity('community')
export class Community {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  /** Working days, months and service windows are read in this zone, never the server's. */
  @Column('text')
  timeZone!: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;
}
