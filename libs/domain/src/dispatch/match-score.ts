import type { DispatchWeights } from '#core';
import type { MemberKind } from '#domain/members';
import type { MatchReason } from './task-offer.entity.js';

/** How close a candidate is to the task's place; the closest that applies counts. */
export type Locality = 'COURTYARD' | 'PARTY_GROUP' | 'COMMUNITY';

/**
 * What the matcher's SQL knows of one eligible member (every hard filter
 * already passed), from which the score and the reasons are worked out.
 */
export interface CandidateSignals {
  readonly memberId: string;
  readonly kind: MemberKind;
  /** 0: the category's primary pool; 1: its fallback (offered after the primary pool). */
  readonly tier: number;
  readonly locality: Locality;
  /** The task's required skills (the candidate holds all of them). */
  readonly skills: readonly string[];
  /** Minutes booked on tasks whose window started in the last 30 days (duty logs come later). */
  readonly recentMinutes: number;
  readonly recentAssignments: number;
  /** Offers this member answered or let expire, and how many of those they accepted. */
  readonly offersAnswered: number;
  readonly offersAccepted: number;
}

export interface ScoredCandidate {
  readonly memberId: string;
  readonly kind: MemberKind;
  readonly tier: number;
  readonly score: number;
  readonly reasons: MatchReason[];
}

/** Hours served at which the fairness signal has halved: spreads duties beyond the keen few. */
const FAIRNESS_HALF_HOURS = 4;

const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * The score of one candidate and why: locality (courtyard, then the party
 * group covering it, then the community), each required skill held, fairness
 * (fewer hours served in the last 30 days first) and past acceptance.
 *
 * Not scored yet: the hours a seconded member's unit still expects this
 * period. No obligation or duty-log data exists until the duty-log issue;
 * rather than invent a number, the signal is left out (README, "Dispatch").
 */
export function scoreCandidate(
  signals: CandidateSignals,
  weights: DispatchWeights,
): ScoredCandidate {
  const reasons: MatchReason[] = [];
  if (signals.tier > 0) {
    reasons.push({ code: 'FALLBACK_POOL', weight: 0, detail: { kind: signals.kind } });
  }
  const locality = {
    COURTYARD: { code: 'SAME_COURTYARD', weight: weights.sameCourtyard },
    PARTY_GROUP: { code: 'SAME_PARTY_GROUP', weight: weights.samePartyGroup },
    COMMUNITY: { code: 'SAME_COMMUNITY', weight: weights.sameCommunity },
  }[signals.locality];
  reasons.push(locality);
  for (const skill of signals.skills) {
    reasons.push({ code: 'HAS_SKILL', weight: weights.skill, detail: { skill } });
  }
  const hours = signals.recentMinutes / 60;
  reasons.push({
    code: 'RECENT_SERVICE',
    weight: round1(weights.fairness / (1 + hours / FAIRNESS_HALF_HOURS)),
    detail: { hours: round1(hours), assignments: signals.recentAssignments },
  });
  if (signals.offersAnswered > 0) {
    const rate = signals.offersAccepted / signals.offersAnswered;
    reasons.push({
      code: 'ACCEPTANCE_RATE',
      weight: round1(weights.acceptance * rate),
      detail: { percent: Math.round(rate * 100) },
    });
  } else {
    // No history is neither good nor bad: half the weight, and said so.
    reasons.push({ code: 'NO_OFFER_HISTORY', weight: round1(weights.acceptance / 2) });
  }
  const score = round1(reasons.reduce((sum, reason) => sum + reason.weight, 0));
  return { memberId: signals.memberId, kind: signals.kind, tier: signals.tier, score, reasons };
}

/** Best first: the primary pool before the fallback, then by score; ties by id, so runs agree. */
export function rankCandidates(candidates: readonly ScoredCandidate[]): ScoredCandidate[] {
  return [...candidates].sort(
    (a, b) =>
      a.tier - b.tier ||
      b.score - a.score ||
      (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0),
  );
}

const KIND_TEXT: Record<string, string> = { RESIDENT: '居民党员', SECONDED: '在职党员' };

/** A reason as the committee reads it ("why this member"), in zh-CN. */
export function reasonText(reason: MatchReason): string {
  const detail = reason.detail ?? {};
  switch (reason.code) {
    case 'SAME_COURTYARD':
      return '同一小区';
    case 'SAME_PARTY_GROUP':
      return '所在党小组负责该小区';
    case 'SAME_COMMUNITY':
      return '同一社区';
    case 'HAS_SKILL':
      return `具备${String(detail['skill'])}技能`;
    case 'RECENT_SERVICE':
      return `近30天服务${String(detail['hours'])}小时`;
    case 'ACCEPTANCE_RATE':
      return `以往接单率${String(detail['percent'])}%`;
    case 'NO_OFFER_HISTORY':
      return '暂无应答记录';
    case 'FALLBACK_POOL':
      return `备选：${KIND_TEXT[String(detail['kind'])] ?? ''}补位`;
    default:
      return reason.code;
  }
}
