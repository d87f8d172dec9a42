import { describe, expect, it } from '@jest/globals';
import { beijingTimeAfter } from './beijing-time.js';

describe('beijingTimeAfter', () => {
  it('gives the Beijing wall-clock time, rounded up to the minute', () => {
    const now = new Date('2025-11-25T05:50:00Z');
    expect(beijingTimeAfter(new Date('2025-11-25T06:04:30Z'), now)).toEqual({
      'zh-CN': '14:05',
      en: '14:05',
    });
    expect(beijingTimeAfter(new Date('2025-11-25T06:05:00Z'), now)['zh-CN']).toBe('14:05');
  });

  it('adds the date when the end falls on another Beijing day', () => {
    const now = new Date('2025-11-25T15:50:00Z'); // 23:50 in Beijing
    expect(beijingTimeAfter(new Date('2025-11-25T16:05:00Z'), now)).toEqual({
      'zh-CN': '11月26日 00:05',
      en: '2025-11-26 00:05',
    });
  });
});
