import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { LOGGER, type Logger } from '#core';
import { UnitOfWork } from '#database';
import { QueueRegistry } from './queue-registry.js';

/** One live event: a topic (who may hear it) and its payload (ids, statuses and counts only). */
export interface LiveMessage {
  readonly topic: string;
  readonly payload: object;
}

export type LiveListener = (message: LiveMessage) => void;

/**
 * Live events between processes, over Redis pub/sub: the worker and the API
 * publish, every API process hears every event and hands it to its own
 * subscribers, so any number of API processes serve the live board. An
 * event published inside a transaction leaves only once it commits (an
 * event about a change that rolled back would show what never happened).
 *
 * Pub/sub keeps nothing: an event published while a process is not
 * listening is not delivered to it, nor is one lost between a commit and a
 * crash. The board is a view of the database, which a client reads again
 * on (re)connecting; the events say what changed since.
 */
@Injectable()
export class LiveBus implements OnApplicationShutdown {
  private readonly channel: string;
  private subscriber: Redis | undefined;
  private readonly listeners = new Set<{ listener: LiveListener; onGap: () => void }>();

  constructor(
    private readonly queues: QueueRegistry,
    private readonly uow: UnitOfWork,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.channel = `${queues.prefix}:live`;
  }

  /** Publishes `message` once the current transaction commits (at once outside one). */
  publish(message: LiveMessage): void {
    this.uow.afterCommit(() => {
      this.queues.connection
        .publish(this.channel, JSON.stringify(message))
        .catch((error: unknown) => {
          this.logger.warn({ err: error, topic: message.topic }, 'live event not published');
        });
    });
  }

  /**
   * Calls `listener` with every event any process publishes from now on,
   * and `onGap` whenever the subscriber connection comes back after losing
   * Redis (events published meanwhile are gone); returns the unsubscribe.
   * The first listener opens this process's subscriber connection (a Redis
   * connection in subscribe mode serves nothing else).
   */
  async listen(listener: LiveListener, onGap: () => void = () => undefined): Promise<() => void> {
    const entry = { listener, onGap };
    this.listeners.add(entry);
    if (!this.subscriber) {
      const subscriber = this.queues.connection.duplicate();
      this.subscriber = subscriber;
      subscriber.on('message', (_channel: string, text: string) => {
        let message: LiveMessage;
        try {
          message = JSON.parse(text) as LiveMessage;
        } catch {
          this.logger.warn({ channel: this.channel }, 'live event not JSON: dropped');
          return;
        }
        for (const each of this.listeners) each.listener(message);
      });
      let connected = false;
      subscriber.on('ready', () => {
        // ioredis subscribes again by itself on reconnecting
        if (connected) for (const each of this.listeners) each.onGap();
        connected = true;
      });
      await subscriber.subscribe(this.channel);
    }
    return () => this.listeners.delete(entry);
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
  }
}
