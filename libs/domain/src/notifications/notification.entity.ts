import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type {
  NotificationChannelName,
  NotificationStatus,
  NotificationTemplate,
} from './notification-template.js';

/**
 * One message the system means to send, with ids only: the text is rendered
 * and the phone decrypted when it goes out, so neither is ever stored here.
 */
@Entity('notification')
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  template!: NotificationTemplate;

  @Column('uuid', { nullable: true })
  memberId!: string | null;

  /** Set when the recipient is the committee of this community. */
  @Column('uuid', { nullable: true })
  communityId!: string | null;

  @Column('uuid')
  subjectId!: string;

  @Column('text', { unique: true })
  key!: string;

  @Column('text')
  status!: NotificationStatus;

  /** Failed attempts since it was last queued. */
  @Column('integer')
  attempts!: number;

  /** A code such as WEBHOOK_HTTP_503, never the gateway's words (they could quote a phone). */
  @Column('text', { nullable: true })
  lastErrorCode!: string | null;

  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  sentAt!: Date | null;

  @Column('text', { nullable: true })
  channel!: NotificationChannelName | null;
}
