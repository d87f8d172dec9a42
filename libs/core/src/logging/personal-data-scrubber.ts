/**
 * Last line of defence for logs: whatever reaches a log line is scrubbed of
 * anything shaped like a mainland mobile number or resident ID number, even
 * if some code path put it there by mistake (an echoed input in a driver
 * error, say). The first line is never logging such data at all.
 */
const MOBILE = /(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d){8}(?!\d)/g;
const ID_NUMBER = /(?<![\dXx])\d{17}[\dXx](?![\dXx])/g;

export function scrubString(text: string): string {
  return text.replace(ID_NUMBER, '[REDACTED_ID]').replace(MOBILE, '[REDACTED_PHONE]');
}
