import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { PersonalDataCipher } from './personal-data-cipher.js';

describe('PersonalDataCipher', () => {
  const cipher = new PersonalDataCipher(randomBytes(32), randomBytes(32));

  it('round-trips, with a fresh IV each time so equal values do not look equal', () => {
    const a = cipher.encrypt('13812345678');
    const b = cipher.encrypt('13812345678');
    expect(a.equals(b)).toBe(false);
    expect(a.toString('latin1')).not.toContain('13812345678');
    expect(cipher.decrypt(a)).toBe('13812345678');
  });

  it('detects tampering (GCM tag)', () => {
    const sealed = cipher.encrypt('11010519491231002X');
    sealed[sealed.length - 1] = sealed[sealed.length - 1]! ^ 1;
    expect(() => cipher.decrypt(sealed)).toThrow();
  });

  it('hashes deterministically under its key, and differently under another key', () => {
    const other = new PersonalDataCipher(randomBytes(32), randomBytes(32));
    expect(cipher.hash('13812345678').equals(cipher.hash('13812345678'))).toBe(true);
    expect(cipher.hash('13812345678').equals(other.hash('13812345678'))).toBe(false);
  });
});
