import { describe, expect, it } from '@jest/globals';
import { scrubString } from './personal-data-scrubber.js';

describe('scrubString', () => {
  it('removes mobile numbers in any common spelling and ID numbers', () => {
    expect(scrubString('call 13812345678 or +86 138-1234-5678')).toBe(
      'call [REDACTED_PHONE] or [REDACTED_PHONE]',
    );
    expect(scrubString('id 11010519491231002X.')).toBe('id [REDACTED_ID].');
  });

  it('leaves ordinary numbers, uuids and timestamps alone', () => {
    const text = 'took 1234 ms at 2026-11-23T05:00:00Z for 3f1c2e1a-0000-4000-8000-000000000001';
    expect(scrubString(text)).toBe(text);
  });
});
