import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const SESSION_REVOKE_REASONS = [
  'LOGOUT',
  'REFRESH_REUSED',
  'ACCOUNT_DISABLED',
  'PASSWORD_CHANGED',
  'PASSWORD_RESET',
] as const;
export type SessionRevokeReason = (typeof SESSION_REVOKE_REASONS)[number];

/**
 * One sign-in. Its access tokens carry its id and its refresh tokens belong
 * to it; revoking it stops both at once, because every request's actor
 * statement refuses a revoked session.
 */
@Entity('auth_session')
export class AuthSession {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  accountId!: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt!: Date | null;

  @Column('text', { nullable: true })
  revokeReason!: SessionRevokeReason | null;
}
