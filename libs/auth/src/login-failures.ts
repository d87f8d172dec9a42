import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#core';
import { UnitOfWork } from '#database';
import { LoginFailure } from './login-failure.entity.js';

/** Atomic even when two wrong passwords of one client arrive together. */
const COUNT_FAILURE = `
  INSERT INTO login_failure AS f (account_id, address, failure_count) VALUES ($1, $2, 1)
  ON CONFLICT (account_id, address) DO UPDATE SET failure_count = f.failure_count + 1
  RETURNING failure_count`;

/**
 * The lockout, per account and client, inside the caller's unit of work:
 * after `LOGIN_MAX_FAILURES` wrong passwords in a row from one client, that
 * client may not try the account's password for `LOGIN_LOCKOUT_MINUTES`.
 * Anyone else, the account's owner included, still can.
 */
@Injectable()
export class LoginFailures {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** When the client's lock on the account ends, if it is locked out now. */
  async lockedUntil(accountId: string, client: string, now: Date): Promise<Date | null> {
    const row = await this.uow.repository(LoginFailure).findOneBy({ accountId, address: client });
    return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
  }

  /** Counts a wrong password; returns when the lock ends if this one locks the client out. */
  async count(accountId: string, client: string, now: Date): Promise<Date | null> {
    const [row] = await this.uow.manager.query<{ failure_count: number }[]>(COUNT_FAILURE, [
      accountId,
      client,
    ]);
    if (!row || row.failure_count < this.config.auth.maxFailedLogins) return null;
    const lockedUntil = new Date(now.getTime() + this.config.auth.lockoutMinutes * 60_000);
    await this.uow
      .repository(LoginFailure)
      .update({ accountId, address: client }, { failureCount: 0, lockedUntil });
    return lockedUntil;
  }

  /** Forgets the client's failures (it proved it knows the password). */
  async forgive(accountId: string, client: string): Promise<void> {
    await this.uow.repository(LoginFailure).delete({ accountId, address: client });
  }

  /** Forgets every client's failures and locks (a new password was set for the account). */
  async forgiveAll(accountId: string): Promise<void> {
    await this.uow.repository(LoginFailure).delete({ accountId });
  }
}
