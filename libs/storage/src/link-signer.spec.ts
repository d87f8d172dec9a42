import { loadConfig } from '#core';
import { TestClock } from '#testing';
import { LinkSigner } from './link-signer.js';

describe('signed links', () => {
  const clock = new TestClock(new Date('2026-11-24T10:00:00Z'));
  const signer = new LinkSigner(loadConfig({ FILE_LINK_TTL_SECONDS: '300' }), clock);
  const other = new LinkSigner(
    loadConfig({
      FILE_LINK_TTL_SECONDS: '300',
      JWT_SECRET: 'another-secret-of-at-least-32-characters!',
    }),
    clock,
  );

  it('works for its purpose and file until it expires, then never again', () => {
    const link = signer.sign('photo', 'a');
    expect(link.expiresAt).toEqual(new Date('2026-11-24T10:05:00Z'));
    expect(signer.verify('photo', 'a', link)).toBe(true);
    clock.advance(299_000);
    expect(signer.verify('photo', 'a', link)).toBe(true);
    clock.advance(1_000);
    expect(signer.verify('photo', 'a', link)).toBe(false);
  });

  it('cannot be pointed elsewhere, stretched, forged or left incomplete', () => {
    const link = signer.sign('photo', 'a');
    expect(signer.verify('photo', 'b', link)).toBe(false);
    expect(signer.verify('photo-upload', 'a', link)).toBe(false);
    expect(
      signer.verify('photo', 'a', { ...link, expires: String(Number(link.expires) + 3600) }),
    ).toBe(false);
    expect(signer.verify('photo', 'a', { ...link, signature: link.signature.slice(1) })).toBe(
      false,
    );
    expect(other.verify('photo', 'a', link)).toBe(false);
    expect(signer.verify('photo', 'a', { expires: link.expires })).toBe(false);
    expect(signer.verify('photo', 'a', { ...link, expires: '1e12' })).toBe(false);
  });
});
