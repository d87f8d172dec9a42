import { Injectable } from '@nestjs/common';
import { Clock } from '#core';
import { LiveBus } from '#queue';

/** What changed on a community's dispatch board. */
export const BOARD_EVENT_KINDS = [
  'TASK_STATUS',
  'TASK_ESCALATED',
  'SHIFT_COVERAGE',
  'ROLL_CALL',
  'REPORT_EXPORT',
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
  /** REPORT_EXPORT: an export of the community's (its volunteer records) and how far it is. */
  readonly exportId?: string;
  readonly exportStatus?: string;
  readonly progress?: number;
}

/** A report export moved on: its status and progress, for whoever asked for it. */
export interface ExportEvent {
  readonly exportId: string;
  readonly accountId: string;
  readonly status: string;
  /** 0 to 100. */
  readonly progress: number;
  readonly at: string;
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
  exports: (accountId: string) => `exports:${accountId}`,
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
   * A report export moved on: told to the account that asked for it and,
   * for an export of a community's own (its volunteer records), on that
   * community's board.
   */
  exportChanged(change: {
    readonly exportId: string;
    readonly accountId: string;
    readonly communityId: string | null;
    readonly status: string;
    readonly progress: number;
  }): void {
    const { communityId, ...event } = change;
    const payload: ExportEvent = { ...event, at: this.clock.now().toISOString() };
    this.bus.publish({ topic: LiveTopics.exports(change.accountId), payload });
    if (communityId) {
      this.board({
        kind: 'REPORT_EXPORT',
        communityId,
        exportId: change.exportId,
        exportStatus: change.status,
        progress: change.progress,
      });
    }
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
