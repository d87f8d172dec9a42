import { describe, expect, it } from '@jest/globals';
import { composeIdNumber, maskIdNumber, parseIdNumber } from './id-number.js';

const TODAY = '2026-11-23';

describe('parseIdNumber (GB 11643)', () => {
  it('accepts a published sample number and reads its birth date and gender', () => {
    // 11010519491231002X: the GB 11643 example, a woman born 1949-12-31.
    expect(parseIdNumber('11010519491231002x', TODAY)).toEqual({
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'FEMALE',
    });
  });

  it('refuses a wrong check character without echoing the number', () => {
    const attempt = () => parseIdNumber('110105194912310021', TODAY);
    expect(attempt).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'idNumber' }));
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain('110105');
    }
  });

  it.each([
    ['too short', '11010519491231002'],
    ['letters', '1101051949123100AX'],
    [
      'impossible date 02-30',
      composeIdNumber({ region: '110105', birthDate: '1990-02-30', sequence: 1, gender: 'MALE' }),
    ],
    [
      'born before 1900',
      composeIdNumber({ region: '110105', birthDate: '1899-12-31', sequence: 1, gender: 'MALE' }),
    ],
    [
      'born in the future',
      composeIdNumber({ region: '110105', birthDate: '2027-01-01', sequence: 1, gender: 'MALE' }),
    ],
  ])('refuses %s', (_label, value) => {
    expect(() => parseIdNumber(value, TODAY)).toThrow(
      expect.objectContaining({ field: 'idNumber' }),
    );
  });

  it('round-trips numbers built by composeIdNumber, gender included', () => {
    const male = composeIdNumber({
      region: '420102',
      birthDate: '1958-03-07',
      sequence: 12,
      gender: 'MALE',
    });
    const female = composeIdNumber({
      region: '420102',
      birthDate: '1958-03-07',
      sequence: 12,
      gender: 'FEMALE',
    });
    expect(parseIdNumber(male, TODAY)).toMatchObject({ birthDate: '1958-03-07', gender: 'MALE' });
    expect(parseIdNumber(female, TODAY)).toMatchObject({ gender: 'FEMALE' });
  });

  it('masks all but the first three and last four characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X');
  });
});
