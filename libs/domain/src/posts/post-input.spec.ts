import { describe, expect, it } from '@jest/globals';
import { DomainError } from '#core';
import { checkedPeriod, checkedShiftsPerMonth, checkedSlots } from './post-input.js';

const codeAndMessage = (work: () => unknown) => {
  try {
    work();
    return 'OK';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return `${error.code}:${error.messages.en}`;
  }
};

describe('post schedule', () => {
  it('expands each group into one slot per weekday, in week order', () => {
    expect(
      checkedSlots([
        { weekdays: [5, 1], startTime: '18:00', minutes: 180 },
        { weekdays: [6], startTime: '09:00', minutes: 120 },
      ]),
    ).toEqual([
      { weekday: 1, startTime: '18:00', minutes: 180 },
      { weekday: 5, startTime: '18:00', minutes: 180 },
      { weekday: 6, startTime: '09:00', minutes: 120 },
    ]);
  });

  it('allows a night shift past midnight next to a morning one that starts when it ends', () => {
    expect(
      checkedSlots([
        { weekdays: [1], startTime: '22:00', minutes: 240 },
        { weekdays: [2], startTime: '02:00', minutes: 60 },
      ]),
    ).toHaveLength(2);
  });

  it.each([
    ['the same weekday twice', [{ weekdays: [1, 1], startTime: '18:00', minutes: 60 }]],
    ['weekday 8', [{ weekdays: [8], startTime: '18:00', minutes: 60 }]],
    ['weekday 0', [{ weekdays: [0], startTime: '18:00', minutes: 60 }]],
    ['no weekday', [{ weekdays: [], startTime: '18:00', minutes: 60 }]],
    ['24:00', [{ weekdays: [1], startTime: '24:00', minutes: 60 }]],
    ['6 pm', [{ weekdays: [1], startTime: '6 pm', minutes: 60 }]],
    ['10 minutes', [{ weekdays: [1], startTime: '18:00', minutes: 10 }]],
    ['13 hours', [{ weekdays: [1], startTime: '06:00', minutes: 780 }]],
    ['1.5 minutes', [{ weekdays: [1], startTime: '06:00', minutes: 90.5 }]],
    ['no slot at all', []],
  ])('refuses %s', (_what, groups) => {
    expect(codeAndMessage(() => checkedSlots(groups))).toMatch(/^BAD_USER_INPUT:A schedule has/);
  });

  it.each([
    [
      'on the same day',
      [
        { weekdays: [3], startTime: '18:00', minutes: 180 },
        { weekdays: [3], startTime: '20:00', minutes: 60 },
      ],
    ],
    [
      'across midnight',
      [
        { weekdays: [1], startTime: '22:00', minutes: 240 },
        { weekdays: [2], startTime: '01:00', minutes: 60 },
      ],
    ],
    [
      'from Sunday night into Monday',
      [
        { weekdays: [7], startTime: '22:00', minutes: 240 },
        { weekdays: [1], startTime: '01:00', minutes: 60 },
      ],
    ],
  ])('refuses slots that overlap %s', (_what, groups) => {
    expect(codeAndMessage(() => checkedSlots(groups))).toMatch(/^BAD_USER_INPUT:The slots/);
  });

  it('takes an open-ended period, and refuses one that ends before it starts', () => {
    expect(checkedPeriod('2026-12-01', null)).toEqual({ startsOn: '2026-12-01', endsOn: null });
    expect(codeAndMessage(() => checkedPeriod('2026-12-01', '2026-11-30'))).toMatch(
      /^BAD_USER_INPUT:The period/,
    );
    expect(codeAndMessage(() => checkedPeriod('2026-02-30', null))).toMatch(/^BAD_USER_INPUT/);
  });

  it('takes 1 to 62 shifts a month', () => {
    expect(checkedShiftsPerMonth(1)).toBe(1);
    expect(checkedShiftsPerMonth(62)).toBe(62);
    for (const bad of [0, 63, 2.5]) {
      expect(codeAndMessage(() => checkedShiftsPerMonth(bad))).toMatch(/^BAD_USER_INPUT/);
    }
  });
});
