import { Args, Context, Info, Resolver, Subscription } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { CommonErrors, memberIdsOf } from '#core';
import { CallUpQueries } from '#domain/call-ups';
import { LiveTopics, type BoardEvent, type ExportEvent, type FeedEvent } from '#domain/live';
import { administers } from '#domain/organisation';
import { ID_ARG } from '../common/uuid.scalar.js';
import { RequireRoles } from '../policy/policy.decorator.js';
import { liveActorOf, LiveConnections, type LiveContext } from './live-connections.js';
import { BoardEventModel, FeedEventModel, ReportExportEventModel } from './live.model.js';

const withDate = <T extends { at: string }>(event: T) => ({ ...event, at: new Date(event.at) });

/** How long a call-up's roll-call stays in memory for the feeds' filter. */
const CALLED_KEPT_MS = 10 * 60_000;

/**
 * The live board and feeds (GraphQL subscriptions over WebSocket; see
 * docs/http.md). An event reaches only the subscriptions of its topic (a
 * community's board, a member's feed); each is checked again here against
 * the subscriber's scope as of the connection's last session check, so a
 * role revoked meanwhile stops the events it allowed.
 */
@Resolver()
export class LiveResolver {
  /**
   * The members each recent call-up called, read once per process: every
   * feed subscriber of the community checks the same event, and one read
   * serves them all (a read each would be thousands of statements at once).
   */
  private readonly called = new Map<string, Promise<ReadonlySet<string>>>();

  constructor(
    private readonly live: LiveConnections,
    private readonly callUps: CallUpQueries,
  ) {}

  @Subscription(() => BoardEventModel, {
    description:
      'The community’s dispatch board as it changes: task statuses, escalations, shift coverage, roll-call counts, its volunteer-record exports.',
    filter: (event: BoardEvent, variables: { communityId: string }, context: LiveContext) =>
      event.communityId === variables.communityId &&
      administers(liveActorOf(context), event.communityId),
    resolve: (event: BoardEvent) => withDate(event),
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  async dispatchBoard(
    @Args('communityId', ID_ARG) communityId: string,
    @Context() context: LiveContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    if (!administers(liveActorOf(context), communityId)) throw CommonErrors.forbidden();
    return this.live.subscribe(context, info, [LiveTopics.board(communityId)]);
  }

  @Subscription(() => FeedEventModel, {
    description: 'What the system tells you, as it happens: offers, withdrawals, call-ups…',
    filter(this: LiveResolver, event: FeedEvent, _variables: unknown, context: LiveContext) {
      return this.mayHear(event, context);
    },
    resolve: (event: FeedEvent) => withDate(event),
  })
  @RequireRoles('MEMBER')
  async myFeed(@Context() context: LiveContext, @Info() info: GraphQLResolveInfo) {
    const members = memberIdsOf(liveActorOf(context));
    const communities = await this.callUps.communitiesCalling(members);
    return this.live.subscribe(context, info, [
      ...members.map(LiveTopics.feed),
      ...communities.map(LiveTopics.callUps),
    ]);
  }

  @Subscription(() => ReportExportEventModel, {
    description:
      'Your report exports as they move on: queued, running (with progress), done or failed.',
    filter: (event: ExportEvent, _variables: unknown, context: LiveContext) =>
      event.accountId === liveActorOf(context).accountId,
    resolve: (event: ExportEvent) => withDate(event),
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'UNIT_HR', 'MEMBER')
  myReportExportUpdates(@Context() context: LiveContext, @Info() info: GraphQLResolveInfo) {
    return this.live.subscribe(context, info, [LiveTopics.exports(liveActorOf(context).accountId)]);
  }

  /** A message to one of the subscriber's members, or a call-up that called one of them. */
  private async mayHear(event: FeedEvent, context: LiveContext): Promise<boolean> {
    const members = memberIdsOf(liveActorOf(context));
    if (event.memberId !== undefined) return members.includes(event.memberId);
    if (event.callUpId === undefined) return false;
    const called = await this.calledBy(event.callUpId);
    return members.some((id) => called.has(id));
  }

  private calledBy(callUpId: string): Promise<ReadonlySet<string>> {
    let called = this.called.get(callUpId);
    if (!called) {
      called = this.callUps.calledMembers(callUpId).then((ids) => new Set(ids));
      this.called.set(callUpId, called);
      const forget = () => this.called.delete(callUpId);
      called.catch(forget);
      setTimeout(forget, CALLED_KEPT_MS).unref();
    }
    return called;
  }
}
