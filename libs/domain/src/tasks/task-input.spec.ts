import { describe, expect, it } from '@jest/globals';
import {
  checkedCoordinates,
  checkedDescription,
  checkedOfferTimeout,
  checkedRating,
  checkedSlots,
  checkedTitle,
  checkWindow,
} from './task-input.js';

const badInput = (field: string) => expect.objectContaining({ code: 'BAD_USER_INPUT', field });
const at = (iso: string) => new Date(iso);
const NOW = at('2026-05-01T08:00:00Z');

describe('checkWindow', () => {
  it('accepts a window in the future, and one already under way', () => {
    expect(() => {
      checkWindow(at('2026-05-02T01:00Z'), at('2026-05-02T03:00Z'), NOW);
    }).not.toThrow();
    expect(() => {
      checkWindow(at('2026-05-01T07:00Z'), at('2026-05-01T09:00Z'), NOW);
    }).not.toThrow();
  });

  it.each([
    ['ending before it starts', '2026-05-02T03:00Z', '2026-05-02T01:00Z'],
    ['ending as it starts', '2026-05-02T03:00Z', '2026-05-02T03:00Z'],
    ['longer than 24 hours', '2026-05-02T00:00Z', '2026-05-03T00:01Z'],
    ['already over', '2026-04-30T01:00Z', '2026-05-01T08:00Z'],
  ])('refuses a window %s on endsAt', (_label, starts, ends) => {
    expect(() => {
      checkWindow(at(starts), at(ends), NOW);
    }).toThrow(badInput('endsAt'));
  });

  it('accepts exactly 24 hours', () => {
    expect(() => {
      checkWindow(at('2026-05-02T00:00Z'), at('2026-05-03T00:00Z'), NOW);
    }).not.toThrow();
  });
});

describe('checkedSlots', () => {
  it.each([0, -1, 201, 10_000, 1.5, Number.NaN])('refuses a headcount of %s', (headcount) => {
    expect(() => checkedSlots('ROUTINE', headcount, null, null)).toThrow(badInput('headcount'));
  });

  it('takes 1 to 200 without a split outside JOINT', () => {
    expect(checkedSlots('ROUTINE', 1, null, null)).toEqual({
      headcount: 1,
      secondedSlots: null,
      residentSlots: null,
    });
    expect(checkedSlots('PROFESSIONAL', 200, undefined, undefined).headcount).toBe(200);
    expect(() => checkedSlots('ROUTINE', 3, 1, 2)).toThrow(badInput('secondedSlots'));
    expect(() => checkedSlots('PROFESSIONAL', 3, null, 3)).toThrow(badInput('secondedSlots'));
  });

  it('requires a JOINT split of at least one of each kind adding up to the headcount', () => {
    expect(checkedSlots('JOINT', 3, 1, 2)).toEqual({
      headcount: 3,
      secondedSlots: 1,
      residentSlots: 2,
    });
    for (const [seconded, resident] of [
      [null, null],
      [3, null],
      [0, 3],
      [3, 0],
      [1, 1],
      [2, 2],
      [1.5, 1.5],
    ] as const) {
      expect(() => checkedSlots('JOINT', 3, seconded, resident)).toThrow(badInput('secondedSlots'));
    }
    // One member cannot be both kinds.
    expect(() => checkedSlots('JOINT', 1, 1, 0)).toThrow(badInput('secondedSlots'));
  });
});

describe('checkedOfferTimeout', () => {
  it('defaults by priority: the more pressing, the shorter', () => {
    expect(checkedOfferTimeout(null, 'NORMAL')).toBe(60);
    expect(checkedOfferTimeout(undefined, 'URGENT')).toBe(15);
    expect(checkedOfferTimeout(null, 'EMERGENCY')).toBe(5);
  });

  it('takes 1 to 10080 whole minutes', () => {
    expect(checkedOfferTimeout(1, 'NORMAL')).toBe(1);
    expect(checkedOfferTimeout(10_080, 'EMERGENCY')).toBe(10_080);
    for (const minutes of [0, 10_081, 2.5]) {
      expect(() => checkedOfferTimeout(minutes, 'NORMAL')).toThrow(badInput('offerTimeoutMinutes'));
    }
  });
});

describe('checkedCoordinates', () => {
  it('takes both or neither, within range', () => {
    expect(checkedCoordinates(null, undefined)).toEqual({ latitude: null, longitude: null });
    expect(checkedCoordinates(30.59, 114.3)).toEqual({ latitude: 30.59, longitude: 114.3 });
    expect(checkedCoordinates(-90, 180)).toEqual({ latitude: -90, longitude: 180 });
    for (const [lat, lng] of [
      [30.5, null],
      [null, 114.3],
      [90.1, 0],
      [0, -180.5],
      [Number.NaN, 0],
    ] as const) {
      expect(() => checkedCoordinates(lat, lng)).toThrow(badInput('latitude'));
    }
  });
});

describe('texts and rating', () => {
  it('checks the title (≤ 100) and the optional description (≤ 2000) as text', () => {
    expect(checkedTitle('  为老人代购  ')).toBe('为老人代购');
    expect(() => checkedTitle('')).toThrow(badInput('title'));
    expect(() => checkedTitle('题'.repeat(101))).toThrow(badInput('title'));
    expect(() => checkedTitle('代\u202E购')).toThrow(badInput('title'));
    expect(checkedDescription(null)).toBe('');
    expect(checkedDescription('  ')).toBe('');
    expect(checkedDescription('说'.repeat(2000))).toHaveLength(2000);
    expect(() => checkedDescription('说'.repeat(2001))).toThrow(badInput('description'));
  });

  it('takes a whole rating from 1 to 5', () => {
    expect(checkedRating(1)).toBe(1);
    expect(checkedRating(5)).toBe(5);
    for (const rating of [0, 6, 4.5]) {
      expect(() => checkedRating(rating)).toThrow(badInput('rating'));
    }
  });
});
