import { describe, expect, it } from '@jest/globals';
import { availabilityToMultirange, multirangeToAvailability } from './availability.js';

describe('availability windows', () => {
  it('stores Monday 09:00–11:00 as minutes since Monday midnight', () => {
    expect(availabilityToMultirange([{ weekday: 1, start: '09:00', end: '11:00' }])).toBe(
      '{[540,660)}',
    );
    expect(availabilityToMultirange([{ weekday: 7, start: '19:30', end: '24:00' }])).toBe(
      '{[9810,10080)}',
    );
  });

  it('reads stored ranges back, splitting one that runs past midnight', () => {
    expect(multirangeToAvailability('{[540,660),[1380,1500)}')).toEqual([
      { weekday: 1, start: '09:00', end: '11:00' },
      { weekday: 1, start: '23:00', end: '24:00' },
      { weekday: 2, start: '00:00', end: '01:00' },
    ]);
    expect(multirangeToAvailability('{}')).toEqual([]);
  });

  it.each([
    [{ weekday: 0, start: '09:00', end: '10:00' }],
    [{ weekday: 8, start: '09:00', end: '10:00' }],
    [{ weekday: 1, start: '9:00', end: '10:00' }],
    [{ weekday: 1, start: '11:00', end: '10:00' }],
    [{ weekday: 1, start: '24:30', end: '25:00' }],
  ])('refuses %j', (window) => {
    expect(() => availabilityToMultirange([window])).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'availability' }),
    );
  });
});
