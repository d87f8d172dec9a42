import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '#core';
import { UnitOfWork } from '#database';
import { Broker } from './broker/index.js';

/** One live event: a topic (who may hear it) and its payload (ids, statuses and counts only). */
export interface LiveMessage {
  readonly topic: string;
  readonly payload: object;
}

export type LiveListener = (message: LiveMessage) => void;

/** The broker channel live events go through. */
const CHANNEL = 'live';

/**
 * Live events between processes, over the broker's publish and subscribe
 * (Redis pub/sub, or PostgreSQL's NOTIFY): the worker and the API publish,
 * every API process hears every event and hands it to its own subscribers,
 * so any number of API processes serve the live board. An event published
 * inside a transaction leaves only once it commits (an event about a change
 * that rolled back would show what never happened).
 *
 * Neither keeps anything: an event published while a process is not
 * listening is not delivered to it, nor is one lost between a commit and a
 * crash. The board is a view of the database, which a client reads again
 * on (re)connecting; the events say what changed since.
 */
@Injectable()
export class LiveBus {
  private subscribed = false;
  private readonly listeners = new Set<{ listener: LiveListener; onGap: () => void }>();

  constructor(
    private readonly broker: Broker,
    private readonly uow: UnitOfWork,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Publishes `message` once the current transaction commits (at once outside one). */
  publish(message: LiveMessage): void {
    this.uow.afterCommit(() => {
      this.broker.publish(CHANNEL, JSON.stringify(message)).catch((error: unknown) => {
        this.logger.warn({ err: error, topic: message.topic }, 'live event not published');
      });
    });
  }

  /**
   * Calls `listener` with every event any process publishes from now on,
   * and `onGap` whenever the subscription comes back after losing the
   * broker (events published meanwhile are gone); returns the unsubscribe.
   */
  async listen(listener: LiveListener, onGap: () => void = () => undefined): Promise<() => void> {
    const entry = { listener, onGap };
    this.listeners.add(entry);
    if (!this.subscribed) {
      this.subscribed = true;
      await this.broker.subscribe(
        CHANNEL,
        (text) => {
          let message: LiveMessage;
          try {
            message = JSON.parse(text) as LiveMessage;
          } catch {
            this.logger.warn({ channel: CHANNEL }, 'live event not JSON: dropped');
            return;
          }
          for (const each of this.listeners) each.listener(message);
        },
        () => {
          for (const each of this.listeners) each.onGap();
        },
      );
    }
    return () => this.listeners.delete(entry);
  }
}
