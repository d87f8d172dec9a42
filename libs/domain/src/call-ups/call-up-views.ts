import type { MemberKind } from '#domain/members';

export const CALL_UP_STATUSES = ['OPEN', 'CLOSED'] as const;
export type CallUpStatus = (typeof CALL_UP_STATUSES)[number];

/** A member's answer; UNANSWERED is the roll-call's word for no answer yet. */
export const CALL_UP_ANSWERS = ['AVAILABLE', 'UNAVAILABLE'] as const;
export type CallUpAnswer = (typeof CALL_UP_ANSWERS)[number];
export const ROLL_CALL_STATES = [...CALL_UP_ANSWERS, 'UNANSWERED'] as const;
export type RollCallState = (typeof ROLL_CALL_STATES)[number];

/** How many were called and what they answered; each member counts once, by their last answer. */
export interface RollCallCounts {
  readonly called: number;
  readonly available: number;
  readonly unavailable: number;
  readonly unanswered: number;
}

/** A call-up with its counts, as its committee sees it. */
export interface CallUpView {
  readonly id: string;
  readonly communityId: string;
  readonly message: string;
  readonly respondBy: Date;
  readonly includeResidents: boolean;
  readonly skills: readonly string[];
  readonly reminderMinutes: number | null;
  readonly status: CallUpStatus;
  readonly createdAt: Date;
  /** Null while the worker is still writing the roll-call and queueing the messages. */
  readonly fannedOutAt: Date | null;
  readonly closedAt: Date | null;
  readonly counts: RollCallCounts;
}

/** The counts of one unit or party group (id and name null: members with none, e.g. residents). */
export interface RollCallGroup extends RollCallCounts {
  readonly id: string | null;
  readonly name: string | null;
}

export interface RollCall {
  readonly callUp: CallUpView;
  readonly byUnit: readonly RollCallGroup[];
  readonly byPartyGroup: readonly RollCallGroup[];
}

/** One member on the roll-call. */
export interface RollCallEntry {
  readonly memberId: string;
  readonly name: string;
  readonly kind: MemberKind;
  readonly unitName: string | null;
  readonly partyGroupName: string | null;
  readonly state: RollCallState;
  readonly arriveAt: Date | null;
  readonly answeredAt: Date | null;
}

/** A call-up as the member called sees it, with their own answer. */
export interface MyCallUpView {
  readonly id: string;
  readonly communityId: string;
  readonly communityName: string;
  readonly message: string;
  readonly respondBy: Date;
  readonly status: CallUpStatus;
  readonly answer: CallUpAnswer | null;
  readonly arriveAt: Date | null;
  readonly answeredAt: Date | null;
}
