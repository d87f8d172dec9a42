import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { jwtVerify, SignJWT } from 'jose';
import { APP_CONFIG, Clock, CommonErrors, type AppConfig } from '#core';

/**
 * Access tokens are short-lived HS256 JWTs naming the account only: grants
 * are read fresh on every request, so revoking a role takes effect at once.
 * Refresh tokens are opaque random strings; the database keeps their SHA-256.
 */
@Injectable()
export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.key = new TextEncoder().encode(config.auth.jwtSecret);
  }

  async issueAccessToken(accountId: string): Promise<{ token: string; expiresAt: Date }> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const exp = now + this.config.auth.accessTokenTtlSeconds;
    const token = await new SignJWT({ typ: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(accountId)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** The account id of a valid access token; UNAUTHENTICATED otherwise (jose's reason is not passed on). */
  async verifyAccessToken(token: string): Promise<string> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        currentDate: this.clock.now(),
      });
      if (payload.typ !== 'access' || typeof payload.sub !== 'string')
        throw new Error('not an access token');
      return payload.sub;
    } catch {
      throw CommonErrors.unauthenticated();
    }
  }

  newRefreshToken(): { token: string; hash: Buffer; expiresAt: Date } {
    const token = randomBytes(32).toString('base64url');
    const days = this.config.auth.refreshTokenTtlDays;
    return {
      token,
      hash: TokenService.hashRefreshToken(token),
      expiresAt: new Date(this.clock.now().getTime() + days * 24 * 3600 * 1000),
    };
  }

  static hashRefreshToken(token: string): Buffer {
    return createHash('sha256').update(token, 'utf8').digest();
  }
}
