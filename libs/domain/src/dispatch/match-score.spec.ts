import { describe, expect, it } from '@jest/globals';
import type { DispatchWeights } from '#core';
import {
  rankCandidates,
  reasonText,
  scoreCandidate,
  type CandidateSignals,
} from './match-score.js';
import { isFull, offerQuota } from './slot-plan.js';

const WEIGHTS: DispatchWeights = {
  sameCourtyard: 30,
  samePartyGroup: 20,
  sameCommunity: 5,
  skill: 10,
  fairness: 25,
  acceptance: 10,
};

const signals = (overrides: Partial<CandidateSignals>): CandidateSignals => ({
  memberId: '00000000-0000-4000-8000-000000000001',
  kind: 'RESIDENT',
  tier: 0,
  locality: 'COMMUNITY',
  skills: [],
  recentMinutes: 0,
  recentAssignments: 0,
  offersAnswered: 0,
  offersAccepted: 0,
  ...overrides,
});

describe('scoreCandidate', () => {
  it('adds locality, skills, fairness and acceptance, each a reason the committee can read', () => {
    const scored = scoreCandidate(
      signals({
        locality: 'COURTYARD',
        skills: ['法律咨询'],
        recentMinutes: 120,
        recentAssignments: 1,
        offersAnswered: 4,
        offersAccepted: 3,
      }),
      WEIGHTS,
    );
    expect(scored.reasons.map(reasonText)).toEqual([
      '同一小区',
      '具备法律咨询技能',
      '近30天服务2小时',
      '以往接单率75%',
    ]);
    // 30 + 10 + 25 / (1 + 2/4) + 10 * 0.75
    expect(scored.score).toBe(64.2);
  });

  it('prefers the courtyard over the party group over the community, and the less loaded', () => {
    const at = (locality: CandidateSignals['locality']) =>
      scoreCandidate(signals({ locality }), WEIGHTS).score;
    expect(at('COURTYARD')).toBeGreaterThan(at('PARTY_GROUP'));
    expect(at('PARTY_GROUP')).toBeGreaterThan(at('COMMUNITY'));
    const rested = scoreCandidate(signals({ recentMinutes: 0 }), WEIGHTS).score;
    const busy = scoreCandidate(signals({ recentMinutes: 600 }), WEIGHTS).score;
    expect(rested).toBeGreaterThan(busy);
  });

  it('ranks the primary pool before the fallback whatever the score', () => {
    const fallback = scoreCandidate(
      signals({ memberId: 'b', tier: 1, kind: 'SECONDED', locality: 'COURTYARD' }),
      WEIGHTS,
    );
    const primary = scoreCandidate(signals({ memberId: 'a', tier: 0 }), WEIGHTS);
    expect(rankCandidates([fallback, primary]).map((c) => c.memberId)).toEqual(['a', 'b']);
    expect(reasonText(fallback.reasons[0]!)).toBe('备选：在职党员补位');
  });
});

describe('offerQuota', () => {
  const none = { RESIDENT: 0, SECONDED: 0 };

  it('offers the open slots, and more for urgent tasks', () => {
    const task = {
      category: 'ROUTINE',
      headcount: 3,
      secondedSlots: null,
      residentSlots: null,
    } as const;
    expect(offerQuota({ ...task, priority: 'NORMAL' }, { live: none, pending: none }, 2)).toEqual([
      { kind: 'ANY', count: 3 },
    ]);
    expect(
      offerQuota(
        { ...task, priority: 'URGENT' },
        { live: { RESIDENT: 1, SECONDED: 0 }, pending: { RESIDENT: 1, SECONDED: 0 } },
        2,
      ),
      // two open slots, two more for urgency, one already offered
    ).toEqual([{ kind: 'ANY', count: 3 }]);
  });

  it('keeps the seconded and resident slots of a joint task apart', () => {
    const task = {
      category: 'JOINT',
      headcount: 3,
      secondedSlots: 1,
      residentSlots: 2,
      priority: 'NORMAL',
    } as const;
    expect(offerQuota(task, { live: { RESIDENT: 2, SECONDED: 0 }, pending: none }, 1)).toEqual([
      { kind: 'SECONDED', count: 1 },
      { kind: 'RESIDENT', count: 0 },
    ]);
    expect(isFull(task, { RESIDENT: 2, SECONDED: 0 })).toBe(false);
    expect(isFull(task, { RESIDENT: 2, SECONDED: 1 })).toBe(true);
  });
});
