import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Clock, type AppConfig } from '#core';

/** A signed link's query: until when it works (epoch seconds) and its signature. */
export interface LinkQuery {
  readonly expires: string;
  readonly signature: string;
}

/**
 * Short-lived links to upload or fetch one file without a login (a phone's
 * upload, an image tag, a spreadsheet download): HMAC-SHA-256 over what the
 * link is for, which file and until when, so a link cannot be stretched in
 * time, pointed at another file or used for another purpose.
 */
@Injectable()
export class LinkSigner {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** A link for `purpose` (`photo-upload`, `photo`…) on `subject`, working for the configured time. */
  sign(purpose: string, subject: string): LinkQuery & { expiresAt: Date } {
    const expires =
      Math.floor(this.clock.now().getTime() / 1000) + this.config.storage.linkTtlSeconds;
    return {
      expires: String(expires),
      signature: this.signatureOf(purpose, subject, String(expires)),
      expiresAt: new Date(expires * 1000),
    };
  }

  /** Whether the link is this one's and still working. */
  verify(purpose: string, subject: string, query: Partial<LinkQuery>): boolean {
    const { expires, signature } = query;
    if (
      typeof expires !== 'string' ||
      typeof signature !== 'string' ||
      !/^\d{1,12}$/.test(expires)
    ) {
      return false;
    }
    const expected = Buffer.from(this.signatureOf(purpose, subject, expires));
    const given = Buffer.from(signature);
    return (
      given.length === expected.length &&
      timingSafeEqual(given, expected) &&
      Number(expires) * 1000 > this.clock.now().getTime()
    );
  }

  private signatureOf(purpose: string, subject: string, expires: string): string {
    return createHmac('sha256', this.config.storage.linkKey)
      .update(`${purpose}\n${subject}\n${expires}`)
      .digest('base64url');
  }
}
