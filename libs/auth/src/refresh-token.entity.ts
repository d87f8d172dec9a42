import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One refresh token of a session. Only its SHA-256 is stored. A token is used
 * once: using it issues the next one of the session; presenting a used token
 * again means it was copied, and the session is revoked.
 */
@Entity('refresh_token')
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  accountId!: string;

  @Column('uuid')
  sessionId!: string;

  @Column('bytea')
  tokenHash!: Buffer;

  @Column('timestamptz')
  expiresAt!: Date;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  usedAt!: Date | null;
}
