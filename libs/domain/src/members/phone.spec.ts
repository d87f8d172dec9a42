import { describe, expect, it } from '@jest/globals';
import { maskPhone, normalizePhone } from './phone.js';

describe('normalizePhone', () => {
  it.each(['13812345678', '+86 138 1234 5678', '0086-138-1234-5678', '138-1234-5678'])(
    'normalises %s',
    (raw) => {
      expect(normalizePhone(raw)).toBe('13812345678');
    },
  );

  it.each(['1381234567', '23812345678', '12812345678', '138123456789', 'abc', ''])(
    'refuses %s with a typed error',
    (raw) => {
      expect(() => normalizePhone(raw)).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'phone' }),
      );
    },
  );

  it('masks the middle four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});
