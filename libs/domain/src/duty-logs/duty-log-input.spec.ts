import { describe, expect, it } from '@jest/globals';
import { checkedDutyLog, type DutyLogInput } from './duty-log-input.js';
import { isWorkingDay, workingDaysSince } from './working-days.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const HOUR = 3_600_000;
const valid: DutyLogInput = {
  clientRequestId: 'app-1:2026-11-24',
  theme: '入户走访',
  content: '走访独居老人三户，了解冬季取暖情况',
  place: '东湖小区3栋',
  startsAt: new Date(NOW.getTime() - 3 * HOUR),
  endsAt: new Date(NOW.getTime() - HOUR),
};
const refused = (fields: Partial<DutyLogInput>) => {
  try {
    checkedDutyLog({ ...valid, ...fields }, NOW, 12);
  } catch (error) {
    return error as { code: string; field?: string };
  }
  return { code: 'ACCEPTED' };
};

describe('checkedDutyLog', () => {
  it('takes a well-formed log, trimmed, with no beneficiaries by default', () => {
    expect(checkedDutyLog({ ...valid, theme: ' 入户走访 ' }, NOW, 12)).toMatchObject({
      theme: '入户走访',
      beneficiaries: 0,
      beneficiariesNote: '',
      latitude: null,
      assignmentId: null,
    });
  });

  it('refuses each broken rule with its field', () => {
    expect(refused({ endsAt: valid.startsAt })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'endsAt',
    });
    expect(refused({ startsAt: new Date(NOW.getTime() - 14 * HOUR) })).toMatchObject({
      field: 'endsAt',
    });
    expect(refused({ endsAt: new Date(NOW.getTime() + 10 * 60_000) })).toMatchObject({
      field: 'endsAt',
    });
    expect(refused({ theme: '\u200b' })).toMatchObject({ field: 'theme' });
    expect(refused({ content: '内容\u202e' })).toMatchObject({ field: 'content' });
    expect(refused({ place: '地'.repeat(201) })).toMatchObject({ field: 'place' });
    expect(refused({ clientRequestId: 'has space' })).toMatchObject({ field: 'clientRequestId' });
    expect(refused({ beneficiaries: -1 })).toMatchObject({ field: 'beneficiaries' });
    expect(refused({ latitude: 30 })).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('allows a small clock skew at the end', () => {
    expect(refused({ endsAt: new Date(NOW.getTime() + 2 * 60_000) })).toEqual({ code: 'ACCEPTED' });
  });
});

describe('working days', () => {
  const none = new Map<string, boolean>();
  it('counts Monday to Friday after the first day', () => {
    // Monday 2026-11-16 to Monday 2026-11-23: five working days
    expect(workingDaysSince('2026-11-16', '2026-11-23', none, 10)).toBe(5);
    expect(workingDaysSince('2026-11-23', '2026-11-23', none, 10)).toBe(0);
    expect(isWorkingDay('2026-11-22', none)).toBe(false);
  });

  it('follows the calendar’s holidays and weekend days worked, and stops past the limit', () => {
    const calendar = new Map([
      ['2026-11-18', false], // a holiday on a Wednesday
      ['2026-11-22', true], // the Sunday worked in its place
    ]);
    expect(workingDaysSince('2026-11-16', '2026-11-23', calendar, 10)).toBe(5);
    expect(workingDaysSince('2026-01-01', '2026-12-31', none, 10)).toBe(11);
  });
});
