import { CommonErrors } from '#core';

/**
 * Normalises a mainland mobile number: spaces and dashes are dropped, a +86
 * or 0086 prefix is stripped, and what remains must be 11 digits starting
 * with 1 and a second digit 3–9.
 */
export function normalizePhone(raw: string): string {
  const compact = raw.replace(/[\s-]/g, '').replace(/^(?:\+86|0086)/, '');
  if (!/^1[3-9]\d{9}$/.test(compact)) {
    throw CommonErrors.invalidInput('phone', {
      'zh-CN': '手机号码格式不正确',
      en: 'The phone number is not a valid mainland mobile number',
    });
  }
  return compact;
}

/** 138****5678 */
export function maskPhone(normalized: string): string {
  return `${normalized.slice(0, 3)}****${normalized.slice(7)}`;
}
