import { Injectable } from '@nestjs/common';
import type { RoleGrant } from '#core';
import { ChangeFeed } from '#database';
import type { AccountSummary } from './actor-resolver.js';

/**
 * The topic of migration 1764028803000's announcements: a change to the
 * actor of the account named, or of anyone (no account named).
 */
const ACTOR_CHANGED = 'actor';
/** A bound on what the cache holds; the oldest session goes first. */
const MAX_SESSIONS = 10_000;
/**
 * A bound on how long a read is kept even when no change is heard. Changes
 * are heard (see ChangeFeed); this only limits the harm of one that some
 * future path might make around the triggers.
 */
const MAX_AGE_MS = 60_000;

/** What a session's access token stands for, as last read from the database. */
export interface SessionActor {
  readonly accountId: string;
  readonly grants: readonly RoleGrant[];
  readonly account: AccountSummary;
}

interface Kept extends SessionActor {
  readonly readAt: number;
}

/**
 * The actor of each live session, kept between requests so a signed-in
 * request costs no statement. It is correct only because every change that
 * could alter an actor (a revoked session or grant, a disabled account, a
 * leadership that ended) is announced by the database, and heard in this
 * process before the change's transaction returns (ChangeFeed): the
 * account's sessions are forgotten, or all of them when the change may touch
 * anyone or a change may have been missed. A read that raced with a change
 * is not kept: each read carries the generation it started in, and every
 * change starts a new one.
 */
@Injectable()
export class ActorCache {
  private readonly sessions = new Map<string, Kept>();
  /** Each account's kept sessions: a change names the account. */
  private readonly sessionsOf = new Map<string, Set<string>>();
  private generation = 0;

  constructor(private readonly feed: ChangeFeed) {
    feed.subscribe(ACTOR_CHANGED, (accountId) => {
      this.forget(accountId || null);
    });
  }

  /** The session's actor, if kept and still fresh. */
  get(sessionId: string, accountId: string): SessionActor | undefined {
    const kept = this.sessions.get(sessionId);
    if (kept === undefined) return undefined;
    if (kept.accountId !== accountId || performance.now() - kept.readAt > MAX_AGE_MS) {
      this.drop(sessionId);
      return undefined;
    }
    return kept;
  }

  /** Taken before reading; hand it back to {@link keep} with what was read. */
  ticket(): number {
    return this.generation;
  }

  keep(ticket: number, sessionId: string, actor: SessionActor): void {
    // Kept only if no change happened since the read began and a change
    // would be heard from now on.
    if (ticket !== this.generation || !this.feed.isListening) return;
    this.drop(sessionId);
    if (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next();
      if (oldest.done !== true) this.drop(oldest.value);
    }
    this.sessions.set(sessionId, { ...actor, readAt: performance.now() });
    const ofAccount = this.sessionsOf.get(actor.accountId) ?? new Set<string>();
    this.sessionsOf.set(actor.accountId, ofAccount.add(sessionId));
  }

  /** Forgets the account's sessions, or every session (`null`). */
  private forget(accountId: string | null): void {
    this.generation++;
    if (accountId === null) {
      this.sessions.clear();
      this.sessionsOf.clear();
      return;
    }
    for (const sessionId of this.sessionsOf.get(accountId) ?? []) this.sessions.delete(sessionId);
    this.sessionsOf.delete(accountId);
  }

  private drop(sessionId: string): void {
    const kept = this.sessions.get(sessionId);
    if (kept === undefined) return;
    this.sessions.delete(sessionId);
    const ofAccount = this.sessionsOf.get(kept.accountId);
    ofAccount?.delete(sessionId);
    if (ofAccount?.size === 0) this.sessionsOf.delete(kept.accountId);
  }
}
