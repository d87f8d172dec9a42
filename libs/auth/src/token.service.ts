import {
  createHash,
  createHmac,
  createSecretKey,
  randomBytes,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Clock, CommonErrors, type AppConfig } from '#core';

/** What a valid access token says: whose it is and which sign-in session it belongs to. */
export interface AccessClaims {
  readonly accountId: string;
  readonly sessionId: string;
}

/**
 * The only header this service issues or accepts. Comparing the token's first
 * segment with it byte for byte pins the algorithm (no `alg: none`, no RS/HS
 * confusion) without parsing attacker-chosen JSON before the signature holds.
 */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
/** Far above any token we issue; refuses absurd inputs before hashing them. */
const MAX_TOKEN_LENGTH = 1024;

interface Payload {
  readonly typ?: unknown;
  readonly sub?: unknown;
  readonly sid?: unknown;
  readonly exp?: unknown;
}

/**
 * Access tokens are short-lived HS256 JWTs naming the account and the session;
 * the grants and the session's state are read on every request, so a revoked
 * role or session stops at once. They are signed and checked with node:crypto
 * and a key imported once: on the path of every request, that is several
 * times cheaper than a WebCrypto round trip. Refresh tokens are opaque random
 * strings; the database keeps their SHA-256.
 */
@Injectable()
export class TokenService {
  private readonly key: KeyObject;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.key = createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8'));
  }

  issueAccessToken(claims: AccessClaims): { token: string; expiresAt: Date } {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const exp = now + this.config.auth.accessTokenTtlSeconds;
    const payload = { typ: 'access', sub: claims.accountId, sid: claims.sessionId, iat: now, exp };
    const body = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return { token: `${body}.${this.sign(body)}`, expiresAt: new Date(exp * 1000) };
  }

  /** The claims of a valid, unexpired access token; UNAUTHENTICATED otherwise, without saying why. */
  verifyAccessToken(token: string): AccessClaims {
    const end = token.lastIndexOf('.');
    if (token.length > MAX_TOKEN_LENGTH || end < 0 || !token.startsWith(`${HEADER}.`)) {
      throw CommonErrors.unauthenticated();
    }
    const body = token.slice(0, end);
    const given = Buffer.from(token.slice(end + 1));
    const expected = Buffer.from(this.sign(body));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw CommonErrors.unauthenticated();
    }
    // The signature holds, so the payload is ours: parsing it is safe.
    const payload = JSON.parse(
      Buffer.from(body.slice(HEADER.length + 1), 'base64url').toString('utf8'),
    ) as Payload;
    const { typ, sub, sid, exp } = payload;
    const now = this.clock.now().getTime() / 1000;
    if (
      typ !== 'access' ||
      typeof sub !== 'string' ||
      typeof sid !== 'string' ||
      typeof exp !== 'number' ||
      exp <= now
    ) {
      throw CommonErrors.unauthenticated();
    }
    return { accountId: sub, sessionId: sid };
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

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
