/**
 * Whether a parsed JSON value holds U+0000 in any string, key or value.
 * PostgreSQL cannot store it in text (SQLSTATE 22021), and no user means it.
 * Iterative, so a deeply nested body cannot overflow the stack.
 */
export function containsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.includes('\u0000')) return true;
    } else if (Array.isArray(next)) {
      for (const inner of next as unknown[]) pending.push(inner);
    } else if (typeof next === 'object' && next !== null) {
      for (const [key, inner] of Object.entries(next)) {
        if (key.includes('\u0000')) return true;
        pending.push(inner);
      }
    }
  }
  return false;
}

/**
 * The only way JSON text can carry U+0000 is the escape `\u0000` (a raw NUL
 * byte is not valid JSON), so a body without that sequence needs no walk.
 */
export function mayContainNul(jsonText: string): boolean {
  return jsonText.includes('\\u0000');
}
