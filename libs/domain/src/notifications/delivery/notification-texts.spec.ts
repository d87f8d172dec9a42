import { describe, expect, it } from '@jest/globals';
import { formatInstant, formatWindow } from './notification-texts.js';

describe('times in notification texts', () => {
  it('reads a window in the community’s time zone, not the server’s', () => {
    const starts = new Date('2026-12-01T01:00:00Z');
    const ends = new Date('2026-12-01T03:00:00Z');
    expect(formatWindow(starts, ends, 'Asia/Shanghai')).toBe('12月1日 09:00–11:00');
    expect(formatWindow(starts, ends, 'Asia/Urumqi')).toBe('12月1日 07:00–09:00');
  });

  it('names both dates of a window across local midnight', () => {
    expect(
      formatWindow(
        new Date('2026-12-01T14:00:00Z'),
        new Date('2026-12-01T18:30:00Z'),
        'Asia/Shanghai',
      ),
    ).toBe('12月1日 22:00至12月2日 02:30');
  });

  it('writes midnight as 00:00', () => {
    expect(formatInstant(new Date('2026-11-30T16:00:00Z'), 'Asia/Shanghai')).toBe('12月1日 00:00');
  });
});
