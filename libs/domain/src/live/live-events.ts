import { Injectable } from '@nestjs/common';
import { Clock } from '#core';
import { LiveBus } from '#queue';

/** What changed on a community's dispatch board. */
export const BOARD_EVENT_KINDS = [
  'TASK_STATUS',
  'TASK_ESCALATED',
  'SHIFT_COVERAGE',
  'ROLL_CALL',
] as const;
export type BoardEventKind = (typeof BOARD_EVENT_KINDS)[number];

/** The roll-call's counts as a board event carries them. */
export interface LiveRollCallCounts {
  readonly called: number;
  readonly available: number;
  readonly unavailable: number;
  readonly unanswered: number;
}

/**
 * One change on the board. Ids, statuses and counts only: never a name or a
 * phone, so what crosses Redis is no personal data; the board reads the
 * rest through the API, in the viewer's scope.
 */
export interface BoardEvent {
  readonly kind: BoardEventKind;
  readonly communityId: string;
  readonly at: string;
  readonly taskId?: string;
  readonly status?: string;
  readonly escalation?: string;
  readonly postId?: string;
  readonly callUpId?: string;
  readonly counts?: LiveRollCallCounts;
}

/**
 * Something the system told a member (the template of the notification, its
 * subject), or a call-up they were called to: their own feed, live.
 */
export interface FeedEvent {
  readonly template: string;
  readonly at: string;
  /** The member told (absent for a call-up, which goes to a community's members at once). */
  readonly memberId?: string;
  readonly subjectId?: string;
  readonly callUpId?: string;
}

/** Who hears what: a community's board, a member's feed, the members called up in a community. */
export const LiveTopics = {
  board: (communityId: string) => `board:${communityId}`,
  feed: (memberId: string) => `feed:${memberId}`,
  callUps: (communityId: string) => `call-ups:${communityId}`,
};

/**
 * The producer port of live events, for every feature that changes what the
 * board shows or tells a member something. Inside a transaction an event
 * leaves once it commits (LiveBus).
 */
@Injectable()
export class LiveEvents {
  constructor(
    private readonly bus: LiveBus,
    private readonly clock: Clock,
  ) {}

  /** A change on a community's board, as of now (or of `at`, when the event states a read). */
  board(event: Omit<BoardEvent, 'at'> & { readonly at?: Date }): void {
    const payload: BoardEvent = { ...event, at: (event.at ?? this.clock.now()).toISOString() };
    this.bus.publish({ topic: LiveTopics.board(event.communityId), payload });
  }

  /** The member was told something (an offer, a withdrawal, a swap request…). */
  told(memberId: string, template: string, subjectId: string): void {
    const payload: FeedEvent = {
      template,
      memberId,
      subjectId,
      at: this.clock.now().toISOString(),
    };
    this.bus.publish({ topic: LiveTopics.feed(memberId), payload });
  }

  /**
   * A call-up went out in a community: one event for all its members, each
   * subscriber's feed checks the roll-call (100,000 members are not 100,000
   * events).
   */
  calledUp(communityId: string, callUpId: string): void {
    const payload: FeedEvent = {
      template: 'CALL_UP',
      callUpId,
      at: this.clock.now().toISOString(),
    };
    this.bus.publish({ topic: LiveTopics.callUps(communityId), payload });
  }
}
