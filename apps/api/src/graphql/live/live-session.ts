import type { ActorResolver } from '#auth';
import { DomainError, type Actor, type Logger } from '#core';
import type { LiveSlots } from './live-slots.js';

/** Close codes of graphql-ws: the session no longer stands. */
export const SESSION_ENDED = 4401;

/** What LiveSession needs of the socket Mercurius hands over. */
export interface LiveSocket {
  close(code?: number, reason?: string): void;
}

export interface LiveSessionDeps {
  readonly actors: ActorResolver;
  readonly slots: LiveSlots;
  readonly checkMs: number;
  readonly logger: Logger;
}

/**
 * One WebSocket connection's sign-in. The access token came in the
 * connection's init payload; it is checked again every checkMs (the same
 * check as a request: signature, expiry, session not revoked, account not
 * disabled, current grants), so a token that expires or an account that is
 * disabled closes the connection (4401) within that time, and the actor
 * every event is filtered by is the one the database holds now, not the
 * one of when the connection opened. Each check renews the connection's
 * slot (LiveSlots).
 */
export class LiveSession {
  private socket: LiveSocket | undefined;
  private readonly timer: NodeJS.Timeout;
  private ended = false;
  /** Subscriptions running on the connection. */
  subscriptions = 0;

  constructor(
    readonly connectionId: string,
    private readonly token: string,
    private current: Actor,
    private readonly deps: LiveSessionDeps,
  ) {
    this.timer = setInterval(() => void this.check(), deps.checkMs);
    this.timer.unref();
  }

  /** The actor as of the last check. */
  get actor(): Actor {
    return this.current;
  }

  get open(): boolean {
    return !this.ended;
  }

  /** The connection's socket, to close when the session ends (known once it subscribes). */
  attach(socket: LiveSocket): void {
    this.socket ??= socket;
    if (this.ended) socket.close(SESSION_ENDED, 'session ended');
  }

  /** Ends the session: stops the checks, frees the slot, closes the socket (if a code is given). */
  end(code?: number): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.timer);
    this.deps.slots.release(this.current.accountId, this.connectionId).catch((error: unknown) => {
      this.deps.logger.warn({ err: error }, 'live connection slot not released');
    });
    if (code !== undefined) this.socket?.close(code, 'session ended');
  }

  private async check(): Promise<void> {
    try {
      const { actor } = await this.deps.actors.resolve(this.token, this.connectionId);
      this.current = actor;
      await this.deps.slots.renew(actor.accountId, this.connectionId);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'UNAUTHENTICATED') {
        this.end(SESSION_ENDED);
      } else {
        // the database or Redis away: keep the connection, check again next time
        this.deps.logger.warn({ err: error }, 'live session check failed');
      }
    }
  }
}
