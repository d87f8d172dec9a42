import { describe, expect, it } from '@jest/globals';
import { constraintViolation, mapConstraintViolations } from './constraint-violation.js';

/** What TypeORM throws when PostgreSQL refuses a write. */
function refused(code: string, constraint?: string): Error {
  return Object.assign(new Error('query failed'), { driverError: { code, constraint } });
}

const fails = (error: Error) => () => Promise.reject(error);

describe('constraint violations', () => {
  it('names the kind of each integrity constraint by its SQLSTATE', () => {
    expect(constraintViolation(refused('23505', 'x_key'))).toEqual({
      kind: 'unique',
      constraint: 'x_key',
    });
    expect(constraintViolation(refused('23503'))?.kind).toBe('foreignKey');
    expect(constraintViolation(refused('23514'))?.kind).toBe('check');
    expect(constraintViolation(refused('23P01'))?.kind).toBe('exclusion');
    expect(constraintViolation(refused('40001'))).toBeNull();
    expect(constraintViolation(new Error('no SQLSTATE'))).toBeNull();
  });

  it('maps a violation by constraint name first, then by kind, and rethrows anything else', async () => {
    const taken = new Error('taken');
    const pending = new Error('pending');
    const errors = { unique: () => taken, byName: { one_pending: () => pending } };
    await expect(
      mapConstraintViolations(fails(refused('23505', 'one_pending')), errors),
    ).rejects.toBe(pending);
    await expect(mapConstraintViolations(fails(refused('23505', 'other')), errors)).rejects.toBe(
      taken,
    );
    const foreign = refused('23503');
    await expect(mapConstraintViolations(fails(foreign), errors)).rejects.toBe(foreign);
    await expect(mapConstraintViolations(() => Promise.resolve(7), errors)).resolves.toBe(7);
  });
});
