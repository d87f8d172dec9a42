import { Injectable } from '@nestjs/common';
import { IsNull, Not } from 'typeorm';
import { Clock } from '#core';
import { UnitOfWork } from '#database';
import { AuthSession, type SessionRevokeReason } from './auth-session.entity.js';

/**
 * Starts and ends sign-in sessions, inside the caller's unit of work. Ending
 * one takes effect on the very next request of any of its access tokens.
 */
@Injectable()
export class Sessions {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async start(accountId: string): Promise<string> {
    const { id } = await this.uow.repository(AuthSession).save({ accountId });
    return id;
  }

  /** The session, locked for the rest of the transaction (refresh and logout must not interleave). */
  locked(id: string): Promise<AuthSession | null> {
    return this.uow
      .repository(AuthSession)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async revoke(id: string, reason: SessionRevokeReason): Promise<void> {
    await this.uow
      .repository(AuthSession)
      .update({ id, revokedAt: IsNull() }, { revokedAt: this.clock.now(), revokeReason: reason });
  }

  /** Ends every live session of an account, except optionally the caller's own. */
  async revokeAllOf(
    accountId: string,
    reason: SessionRevokeReason,
    except?: string,
  ): Promise<void> {
    await this.uow
      .repository(AuthSession)
      .update(
        { accountId, revokedAt: IsNull(), ...(except ? { id: Not(except) } : {}) },
        { revokedAt: this.clock.now(), revokeReason: reason },
      );
  }
}
