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

export function scrubPersonalData<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return scrubString(value) as T;
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return {
      type: value.name,
      message: scrubString(value.message),
      stack: value.stack === undefined ? undefined : scrubString(value.stack),
    } as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => scrubPersonalData(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = scrubPersonalData(v, depth + 1);
  return out as T;
}
