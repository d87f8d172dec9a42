import { Injectable } from '@nestjs/common';
import { Clock } from '#core';
import { UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { Account } from './account.entity.js';
import { AuthErrors } from './auth.errors.js';
import { clientNetwork } from './client-network.js';
import { LoginFailures } from './login-failures.js';
import { fail, ok, unwrap } from './outcome.js';
import { PasswordHasher } from './password-hasher.js';
import { MAX_PASSWORD_LENGTH, USERNAME } from './credential-rules.js';
import { RateLimiter } from './rate-limiter.js';
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
  /** The caller's IP address as the transport sees it (Fastify's `request.ip`). */
  readonly address: string;
}

/** Login, refresh-token rotation and logout. */
@Injectable()
export class AuthService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly sessions: Sessions,
    private readonly failures: LoginFailures,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Signs in with username and password. Each client (address) has a few
   * attempts a minute, whoever it tries. After `LOGIN_MAX_FAILURES` wrong
   * passwords in a row from one client the account is locked for that client
   * for `LOGIN_LOCKOUT_MINUTES`, during which even the right password is
   * refused there; other clients, the owner's included, are not affected.
   * Each login starts a new session.
   */
  async login(
    input: { username: string; password: string },
    meta: RequestMeta,
  ): Promise<TokenPair> {
    const client = clientNetwork(meta.address);
    await this.limiter.consume('login', client);
    const username = input.username.trim();
    // No account has such a name or password: refused before the database
    // (which rejects a NUL byte) or the hasher (which a long input would keep busy).
    if (!USERNAME.test(username) || input.password.length > MAX_PASSWORD_LENGTH) {
      throw AuthErrors.invalidCredentials();
    }
    const outcome = await this.uow.run(async () => {
      // A shared lock: logins run side by side, while a password reset or a
      // disable waits for them, and they for it, so none signs in on the old state.
      const account = await this.uow
        .repository(Account)
        .createQueryBuilder('a')
        .where('lower(a.username) = lower(:username)', { username })
        .setLock('pessimistic_read')
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
      const lockedUntil = await this.failures.lockedUntil(account.id, client, now);
      if (lockedUntil) {
        await this.audit.record(subject, event('auth.login.locked'));
        return fail<TokenPair>(AuthErrors.accountLocked(lockedUntil, now));
      }
      if (!(await this.hasher.verify(account.passwordHash, input.password))) {
        const newLock = await this.failures.count(account.id, client, now);
        await this.audit.record(subject, event(newLock ? 'auth.lockout' : 'auth.login.failed'));
        return fail<TokenPair>(
          newLock ? AuthErrors.accountLocked(newLock, now) : AuthErrors.invalidCredentials(),
        );
      }
      await this.failures.forgive(account.id, client);
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
    await this.limiter.consume('refresh', clientNetwork(meta.address));
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
