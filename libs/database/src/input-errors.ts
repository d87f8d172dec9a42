import { sqlState } from './unit-of-work.js';

/**
 * SQLSTATEs by which PostgreSQL refuses the data itself rather than failing:
 * a NUL character (22021) or text it cannot encode (22P05), a malformed or
 * impossible date (22007, 22008), a string longer than its column (22001).
 */
const INVALID_INPUT_DATA = new Set(['22021', '22P05', '22007', '22008', '22001']);

/**
 * Whether PostgreSQL refused a value the client sent. Validation should have
 * caught it first; this is the last line of defence, so such a value is the
 * client's mistake (BAD_USER_INPUT), not a server error.
 */
export function isInvalidInputData(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && INVALID_INPUT_DATA.has(state);
}
