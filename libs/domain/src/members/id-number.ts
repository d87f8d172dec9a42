import { CommonErrors } from '#core';

/** GB 11643-1999 weights of the first 17 digits, and the check character for each remainder. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export interface IdNumberFacts {
  /** Upper-case, no spaces: the form that is encrypted and hashed. */
  readonly normalized: string;
  /** YYYY-MM-DD, as embedded in digits 7–14. */
  readonly birthDate: string;
  /** Digit 17: odd for men, even for women. */
  readonly gender: 'MALE' | 'FEMALE';
}

const invalid = () =>
  CommonErrors.invalidInput('idNumber', {
    'zh-CN': '身份证号码无效',
    en: 'The ID number is not a valid resident ID number',
  });

/**
 * Parses a mainland resident ID number: 18 characters, the last a digit or
 * X, a correct GB 11643 check character, and a real birth date no earlier
 * than 1900 and not after `today`. The error never repeats the number.
 */
export function parseIdNumber(raw: string, today: string): IdNumberFacts {
  const normalized = raw.replace(/\s+/g, '').toUpperCase();
  if (!/^\d{17}[\dX]$/.test(normalized)) throw invalid();
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(normalized[i]), 0);
  if (CHECK[sum % 11] !== normalized[17]) throw invalid();

  const y = Number(normalized.slice(6, 10));
  const m = Number(normalized.slice(10, 12));
  const d = Number(normalized.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const birthDate = `${normalized.slice(6, 10)}-${normalized.slice(10, 12)}-${normalized.slice(12, 14)}`;
  const real =
    date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  if (!real || y < 1900 || birthDate > today) throw invalid();

  return { normalized, birthDate, gender: Number(normalized[16]) % 2 === 1 ? 'MALE' : 'FEMALE' };
}

/** Shows the region's first three digits and the last four: enough to tell two people apart on screen. */
export function maskIdNumber(normalized: string): string {
  return `${normalized.slice(0, 3)}${'*'.repeat(11)}${normalized.slice(14)}`;
}

/**
 * Builds a valid ID number from its parts (region code, birth date, sequence,
 * gender): for demo data and test factories, which must pass the same checks
 * as real input.
 */
export function composeIdNumber(parts: {
  region: string;
  birthDate: string;
  sequence: number;
  gender: 'MALE' | 'FEMALE';
}): string {
  const parity = parts.gender === 'MALE' ? 1 : 0;
  const seq = parts.sequence * 2 + parity;
  const body = `${parts.region}${parts.birthDate.replaceAll('-', '')}${String(seq % 1000).padStart(3, '0')}`;
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(body[i]), 0);
  return `${body}${CHECK[sum % 11] ?? ''}`;
}
