import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Wrong passwords for one account from one client (an IPv4 address or an
 * IPv6 /64, see client-network.ts). Counting per client, not per account,
 * means a stranger's guesses lock out only the stranger.
 */
@Entity('login_failure')
export class LoginFailure {
  @PrimaryColumn('uuid')
  accountId!: string;

  @PrimaryColumn('inet')
  address!: string;

  /** Wrong passwords in a row since the last lockout or successful login. */
  @Column('integer')
  failureCount!: number;

  @Column('timestamptz', { nullable: true })
  lockedUntil!: Date | null;
}
