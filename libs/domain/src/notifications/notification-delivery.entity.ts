import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Proof that a notification went out, keyed by the job's idempotency key so a retried job sends once. */
@Entity('notification_delivery')
export class NotificationDelivery {
  @PrimaryColumn('text')
  idempotencyKey!: string;

  @Column('uuid')
  memberId!: string;

  @Column('text')
  channel!: 'SMS';

  @Column('text')
  template!: string;

  @Column('timestamptz', { default: () => 'now()' })
  sentAt!: Date;
}
