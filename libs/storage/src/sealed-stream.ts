import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Files holding personal data (ID numbers, phones) are sealed before they
 * reach storage, in chunks, so that they are sealed and opened as streams:
 * AES-256-GCM per chunk of up to CHUNK bytes, each with its own nonce (a
 * random file prefix and the chunk's number) and the chunk's number and
 * whether it is the last one as associated data, so that no chunk can be
 * altered, dropped, reordered or cut off at the end unnoticed.
 *
 *   file   = MAGIC (4) | version (1) | nonce prefix (8) | chunk…
 *   chunk  = length of sealed body (4, big-endian) | sealed body | tag (16)
 */
const MAGIC = Buffer.from('VGSF', 'latin1');
const VERSION = 1;
const PREFIX = 8;
const TAG = 16;
const HEADER = MAGIC.length + 1 + PREFIX;
export const CHUNK = 64 * 1024;

function nonce(prefix: Buffer, index: number): Buffer {
  const value = Buffer.alloc(12);
  prefix.copy(value, 0);
  value.writeUInt32BE(index, PREFIX);
  return value;
}

function associated(index: number, last: boolean): Buffer {
  const data = Buffer.alloc(5);
  data.writeUInt32BE(index, 0);
  data.writeUInt8(last ? 1 : 0, 4);
  return data;
}

/** Seals a stream with a 32-byte key. */
export function sealStream(key: Buffer): Transform {
  const prefix = randomBytes(PREFIX);
  let pending = Buffer.alloc(0);
  let index = 0;
  let started = false;
  const seal = (plain: Buffer, last: boolean): Buffer => {
    const cipher = createCipheriv('aes-256-gcm', key, nonce(prefix, index));
    cipher.setAAD(associated(index, last));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    index += 1;
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length, 0);
    return Buffer.concat([length, body, cipher.getAuthTag()]);
  };
  const header = () => {
    started = true;
    return Buffer.concat([MAGIC, Buffer.from([VERSION]), prefix]);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      const out: Buffer[] = started ? [] : [header()];
      pending = Buffer.concat([pending, chunk]);
      // a full chunk is sealed only once more follows: the last one is marked last
      while (pending.length > CHUNK) {
        out.push(seal(pending.subarray(0, CHUNK), false));
        pending = pending.subarray(CHUNK);
      }
      done(null, Buffer.concat(out));
    },
    flush(done: TransformCallback) {
      done(null, Buffer.concat([...(started ? [] : [header()]), seal(pending, true)]));
    },
  });
}

/** Opens a sealed stream; fails on a wrong key or any altered, missing or extra byte. */
export function openStream(key: Buffer): Transform {
  let buffered = Buffer.alloc(0);
  let prefix: Buffer | undefined;
  let index = 0;
  let ended = false;
  const open = (body: Buffer, tag: Buffer, last: boolean): Buffer => {
    if (!prefix) throw new Error('sealed file without its header');
    const decipher = createDecipheriv('aes-256-gcm', key, nonce(prefix, index));
    decipher.setAAD(associated(index, last));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(body), decipher.final()]);
    index += 1;
    return plain;
  };
  /** Opens the whole chunks buffered; the one at the very end waits for flush (is it the last?). */
  const drain = (atEnd: boolean): Buffer[] => {
    const out: Buffer[] = [];
    if (!prefix) {
      if (buffered.length < HEADER) return out;
      if (!buffered.subarray(0, 4).equals(MAGIC) || buffered[4] !== VERSION) {
        throw new Error('not a sealed file');
      }
      prefix = Buffer.from(buffered.subarray(5, HEADER));
      buffered = buffered.subarray(HEADER);
    }
    for (;;) {
      if (buffered.length < 4) break;
      const size = 4 + buffered.readUInt32BE(0) + TAG;
      if (size - 4 - TAG > CHUNK) throw new Error('sealed chunk too large');
      if (buffered.length < size) break;
      const last = atEnd && buffered.length === size;
      if (!last && buffered.length === size) break; // may be the last: wait for the end
      if (ended) throw new Error('data after the last sealed chunk');
      out.push(open(buffered.subarray(4, size - TAG), buffered.subarray(size - TAG, size), last));
      buffered = buffered.subarray(size);
      if (last) ended = true;
    }
    return out;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      try {
        buffered = Buffer.concat([buffered, chunk]);
        done(null, Buffer.concat(drain(false)));
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        const out = drain(true);
        if (!ended || buffered.length > 0) throw new Error('sealed file cut short');
        done(null, Buffer.concat(out));
      } catch (error) {
        done(error as Error);
      }
    },
  });
}
