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

  /** Active seconded members re-report to the community at this interval. */
  @Column('int', { default: 6 })
  reReportIntervalMonths!: number;

  /** Last receipt number issued for an accepted report-in; advanced under the row lock. */
  @Column('int', { default: 0, select: false })
  receiptSequence!: number;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;
}
