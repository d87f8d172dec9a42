import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Clock, type AppConfig, type DomainError } from '#core';
import { UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { Account } from './account.entity.js';
import { AuthErrors } from './auth.errors.js';
import { PasswordHasher } from './password-hasher.js';
import { RefreshToken } from './refresh-token.entity.js';
import { Sessions } from './sessions.js';
import { TokenService } from './token.service.js';

export interface TokenPair {
  readonly accessToken: string;
  readonly accessTokenExpiresAt: Date;
  readonly refreshToken: string;
  readonly refreshTokenExpiresAt: Date;
}

export interface RequestMeta {
  readonly requestId: string;
}

/**
 * Some failures must be remembered even though the call fails: a failed
 * login counts towards the lockout, a reused refresh token revokes its
 * family. The unit of work returns such a failure instead of throwing it, so
 * its writes commit, and the error is thrown afterwards.
 */
type Outcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DomainError };
const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const fail = <T>(error: DomainError): Outcome<T> => ({ ok: false, error });
function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** Inputs longer than any real credential are refused before hashing, so they cannot be used to burn CPU. */
const MAX_USERNAME = 64;
const MAX_PASSWORD = 128;

/** Login, refresh-token rotation and logout. */
@Injectable()
export class AuthService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly sessions: Sessions,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Signs in with username and password. After `LOGIN_MAX_FAILURES` wrong
   * passwords in a row the account is locked for `LOGIN_LOCKOUT_MINUTES`,
   * during which even the right password is refused. Each login starts a new
   * session.
   */
  async login(
    input: { username: string; password: string },
    meta: RequestMeta,
  ): Promise<TokenPair> {
    const username = input.username.trim();
    if (username.length > MAX_USERNAME || input.password.length > MAX_PASSWORD) {
      throw AuthErrors.invalidCredentials();
    }
    const outcome = await this.uow.run(async () => {
      const accounts = this.uow.repository(Account);
      const account = await accounts
        .createQueryBuilder('a')
        .where('lower(a.username) = lower(:username)', { username })
        .setLock('pessimistic_write')
        .getOne();
      const subject = { accountId: account?.id ?? null, requestId: meta.requestId };
      const event = (action: string) => ({
        action,
        entity: 'Account',
        entityId: account?.id ?? null,
      });
      if (!account || account.disabledAt) {
        await this.hasher.verify(null, input.password);
        await this.audit.record(subject, event('auth.login.failed'));
        return fail<TokenPair>(AuthErrors.invalidCredentials());
      }
      const now = this.clock.now();
      if (account.lockedUntil && account.lockedUntil > now) {
        await this.audit.record(subject, event('auth.login.locked'));
        return fail<TokenPair>(AuthErrors.accountLocked());
      }
      if (!(await this.hasher.verify(account.passwordHash, input.password))) {
        const failures = account.failedLoginCount + 1;
        const lock = failures >= this.config.auth.maxFailedLogins;
        await accounts.update(
          { id: account.id },
          {
            failedLoginCount: lock ? 0 : failures,
            lockedUntil: lock
              ? new Date(now.getTime() + this.config.auth.lockoutMinutes * 60_000)
              : null,
          },
        );
        await this.audit.record(subject, event(lock ? 'auth.lockout' : 'auth.login.failed'));
        return fail<TokenPair>(lock ? AuthErrors.accountLocked() : AuthErrors.invalidCredentials());
      }
      await accounts.update({ id: account.id }, { failedLoginCount: 0, lockedUntil: null });
      const pair = await this.issue(account.id, await this.sessions.start(account.id));
      await this.audit.record(subject, event('auth.login'));
      return ok(pair);
    });
    return unwrap(outcome);
  }

  /**
   * Exchanges a refresh token for a new pair. Each refresh token works once;
   * presenting a used one means someone kept a copy, so the whole session —
   * its newest refresh token and every access token, wherever they are — is
   * revoked.
   */
  async refresh(refreshToken: string, meta: RequestMeta): Promise<TokenPair> {
    const tokenHash = TokenService.hashRefreshToken(refreshToken);
    const outcome = await this.uow.run(async () => {
      const tokens = this.uow.repository(RefreshToken);
      const found = await tokens.findOneBy({ tokenHash });
      if (!found) return fail<TokenPair>(AuthErrors.refreshTokenInvalid());
      // The session's row lock makes two concurrent refreshes of one token run
      // one after the other: the second then sees the token used, i.e. a reuse.
      const session = await this.sessions.locked(found.sessionId);
      const row = await tokens.findOneByOrFail({ id: found.id });
      const subject = { accountId: row.accountId, requestId: meta.requestId };
      const now = this.clock.now();
      if (row.usedAt) {
        await this.sessions.revoke(row.sessionId, 'REFRESH_REUSED');
        await this.audit.record(subject, {
          action: 'auth.refresh.reused',
          entity: 'Account',
          entityId: row.accountId,
        });
        return fail<TokenPair>(AuthErrors.refreshTokenReused());
      }
      const account = await this.uow.repository(Account).findOneBy({ id: row.accountId });
      if (!session || session.revokedAt || row.expiresAt <= now || !account || account.disabledAt) {
        return fail<TokenPair>(AuthErrors.refreshTokenInvalid());
      }
      await tokens.update({ id: row.id }, { usedAt: now });
      const pair = await this.issue(row.accountId, row.sessionId);
      await this.audit.record(subject, {
        action: 'auth.refresh',
        entity: 'Account',
        entityId: row.accountId,
      });
      return ok(pair);
    });
    return unwrap(outcome);
  }

  /**
   * Ends the session the refresh token belongs to, with every access token
   * issued in it. Unknown tokens are ignored: logout never fails.
   */
  async logout(refreshToken: string, meta: RequestMeta): Promise<void> {
    const tokenHash = TokenService.hashRefreshToken(refreshToken);
    await this.uow.run(async () => {
      const row = await this.uow.repository(RefreshToken).findOneBy({ tokenHash });
      if (!row) return;
      await this.sessions.revoke(row.sessionId, 'LOGOUT');
      await this.audit.record(
        { accountId: row.accountId, requestId: meta.requestId },
        { action: 'auth.logout', entity: 'Account', entityId: row.accountId },
      );
    });
  }

  private async issue(accountId: string, sessionId: string): Promise<TokenPair> {
    const access = this.tokens.issueAccessToken({ accountId, sessionId });
    const refresh = this.tokens.newRefreshToken();
    await this.uow.repository(RefreshToken).insert({
      accountId,
      sessionId,
      tokenHash: refresh.hash,
      expiresAt: refresh.expiresAt,
    });
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refresh.expiresAt,
    };
  }
}
