import { randomUUID } from 'node:crypto';
import type { ActorResolver } from '#auth';
import { DomainError, type Actor, type Logger } from '#core';
import type { LiveSlots } from './live-slots.js';

/** Close codes of graphql-ws. */
export const CloseCode = {
  /** The session no longer stands (token expired, account disabled, logged out). */
  sessionEnded: 4401,
  /** The socket opened but subscribed to nothing in time. */
  idle: 4408,
  /** A second connection_init on one socket, or the account's connections are all taken. */
  tooMany: 4429,
  /** Events may have been missed (the event bus reconnected): connect again and re-read. */
  resync: 1012,
} as const;

/** What LiveSession needs of the socket Mercurius hands over. */
export interface LiveSocket {
  close(code?: number, reason?: string): void;
}

export interface LiveSessionDeps {
  readonly actors: ActorResolver;
  readonly slots: LiveSlots;
  readonly checkMs: number;
  readonly idleMs: number;
  readonly logger: Logger;
}

/**
 * One WebSocket connection's sign-in, created when the socket sends its
 * connection_init and started by its first subscription: then it takes one
 * of the account's connection slots (LiveSlots) and checks the access token
 * again every checkMs (signature, expiry, session not revoked, account not
 * disabled, current grants), so a token that expires or an account that is
 * disabled closes the socket (4401) within that time, and every event is
 * filtered by the actor the database holds now, not the one of when the
 * socket opened. A socket that subscribes to nothing within idleMs is
 * closed: it would hold a connection outside the account's cap.
 */
export class LiveSession {
  readonly connectionId = randomUUID();
  private current: Actor | undefined;
  private token: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private starting: Promise<boolean> | undefined;
  private readonly idle: NodeJS.Timeout;
  private ended = false;
  /** Subscriptions running on the connection. */
  subscriptions = 0;

  constructor(
    readonly socket: LiveSocket,
    private readonly deps: LiveSessionDeps,
  ) {
    this.idle = setTimeout(() => {
      this.end(CloseCode.idle, 'no subscription');
    }, deps.idleMs);
    this.idle.unref();
  }

  /** The actor as of the last check (undefined before the first subscription). */
  get actor(): Actor | undefined {
    return this.current;
  }

  get open(): boolean {
    return !this.ended;
  }

  /**
   * Starts the session with the connection's token and actor, once (the
   * subscriptions a client sends together all wait for the same start);
   * false, and the socket closed, when the account holds all its connections.
   */
  start(token: string, actor: Actor): Promise<boolean> {
    this.starting ??= this.begin(token, actor);
    return this.starting;
  }

  private async begin(token: string, actor: Actor): Promise<boolean> {
    this.token = token;
    this.current = actor;
    clearTimeout(this.idle);
    if (!(await this.deps.slots.reserve(actor.accountId, this.connectionId))) {
      this.end(CloseCode.tooMany, 'too many connections');
      return false;
    }
    this.timer = setInterval(() => void this.check(), this.deps.checkMs);
    this.timer.unref();
    return !this.ended;
  }

  /** Ends the session: stops the checks, frees the slot, closes the socket if a code is given. */
  end(code?: number, reason = 'session ended'): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.idle);
    clearInterval(this.timer);
    if (this.current) {
      this.deps.slots.release(this.current.accountId, this.connectionId).catch((error: unknown) => {
        this.deps.logger.warn({ err: error }, 'live connection slot not released');
      });
    }
    if (code !== undefined) this.socket.close(code, reason);
  }

  private async check(): Promise<void> {
    const { token, current } = this;
    if (!token || !current || this.ended) return;
    // the lease first, whatever the database does: an open socket keeps its slot
    await this.deps.slots.renew(current.accountId, this.connectionId).catch((error: unknown) => {
      this.deps.logger.warn({ err: error }, 'live connection slot not renewed');
    });
    try {
      this.current = (await this.deps.actors.resolve(token, this.connectionId)).actor;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'UNAUTHENTICATED') {
        this.end(CloseCode.sessionEnded);
      } else {
        // the database away: keep the connection, check again next time
        this.deps.logger.warn({ err: error }, 'live session check failed');
      }
    }
  }
}
