import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { CHUNK, openStream, sealStream } from './sealed-stream.js';

const key = randomBytes(32);
/** Feeds the bytes in uneven pieces, as a network or a disk would. */
const pieces = (bytes: Buffer) => {
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += 7_777) parts.push(bytes.subarray(at, at + 7_777));
  return Readable.from(parts);
};
const seal = (plain: Buffer) => buffer(pieces(plain).pipe(sealStream(key)));
const open = (sealed: Buffer, with_ = key) => buffer(pieces(sealed).pipe(openStream(with_)));

describe('sealed streams', () => {
  it.each([0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5])(
    'seal and open %i bytes back to the same bytes, none of them in the clear',
    async (size) => {
      const plain = randomBytes(size);
      const sealed = await seal(plain);
      expect((await open(sealed)).equals(plain)).toBe(true);
      if (size >= 16) expect(sealed.includes(plain.subarray(0, 16))).toBe(false);
    },
  );

  it('refuses a wrong key, an altered byte, a file cut short or a chunk dropped or moved', async () => {
    const plain = randomBytes(3 * CHUNK + 5);
    const sealed = await seal(plain);
    await expect(open(sealed, randomBytes(32))).rejects.toThrow();
    const altered = Buffer.from(sealed);
    altered[CHUNK + 100] = (altered[CHUNK + 100] ?? 0) ^ 1;
    await expect(open(altered)).rejects.toThrow();
    await expect(open(sealed.subarray(0, sealed.length - 1))).rejects.toThrow();
    const header = 13;
    const sized = 4 + CHUNK + 16;
    // the last chunk dropped: what is left ends on a chunk not marked last
    await expect(open(sealed.subarray(0, header + 3 * sized))).rejects.toThrow();
    // the first two chunks swapped
    const swapped = Buffer.concat([
      sealed.subarray(0, header),
      sealed.subarray(header + sized, header + 2 * sized),
      sealed.subarray(header, header + sized),
      sealed.subarray(header + 2 * sized),
    ]);
    await expect(open(swapped)).rejects.toThrow();
    await expect(open(Buffer.from('plain text, never sealed'))).rejects.toThrow();
  });
});
