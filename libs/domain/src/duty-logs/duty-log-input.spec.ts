import { describe, expect, it } from '@jest/globals';
import { checkedDutyLog, type DutyLogInput } from './duty-log-input.js';

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
