import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** Ciphertext layout: version(1) | iv(12) | tag(16) | ciphertext. */
const VERSION = 1;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;

/**
 * Encrypts phones and ID numbers at rest (AES-256-GCM) and derives the keyed
 * hash (HMAC-SHA-256) that lets the database look them up and keep them
 * unique without ever holding the clear value. The version byte leaves room
 * for key rotation.
 */
export class PersonalDataCipher {
  constructor(
    private readonly encryptionKey: Buffer,
    private readonly hashKey: Buffer,
  ) {
    if (encryptionKey.length !== 32 || hashKey.length !== 32) {
      throw new Error('PersonalDataCipher needs two 32-byte keys');
    }
  }

  encrypt(plaintext: string): Buffer {
    const iv = randomBytes(IV_LENGTH);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  decrypt(sealed: Buffer): string {
    if (sealed[0] !== VERSION) throw new Error('Unknown personal data cipher version');
    const iv = sealed.subarray(1, 1 + IV_LENGTH);
    const tag = sealed.subarray(1 + IV_LENGTH, 1 + IV_LENGTH + TAG_LENGTH);
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, iv);
    decipher.setAuthTag(tag);
    const body = sealed.subarray(1 + IV_LENGTH + TAG_LENGTH);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }

  /** Keyed hash of an already normalised value (same input, same hash). */
  hash(normalized: string): Buffer {
    return createHmac('sha256', this.hashKey).update(normalized, 'utf8').digest();
  }
}
