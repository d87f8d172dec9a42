import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One line of the append-only audit log: who did what to which record, under
 * which request. It names records by id only; details that could hold
 * personal data are never written here. A trigger refuses UPDATE, DELETE and
 * TRUNCATE on the table.
 */
@Entity('audit_log')
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column('timestamptz', { default: () => 'now()' })
  occurredAt!: Date;

  @Column('uuid', { nullable: true })
  accountId!: string | null;

  @Column('text')
  action!: string;

  @Column('text')
  entity!: string;

  @Column('text', { nullable: true })
  entityId!: string | null;

  @Column('text', { nullable: true })
  requestId!: string | null;
}
