import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One refresh token of a login session (its family). Only its SHA-256 is
 * stored. A token is used once: using it issues the next one in the family;
 * presenting a used token again means it was stolen, and the family dies.
 */
@Entity('refresh_token')
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  accountId!: string;

  @Column('uuid')
  familyId!: string;

  @Column('bytea')
  tokenHash!: Buffer;

  @Column('timestamptz')
  expiresAt!: Date;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  usedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  revokedAt!: Date | null;
}
