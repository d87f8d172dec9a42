import type { Processor, Queue, Worker } from 'bullmq';
import type { AppConfig } from '#core';

/** Where the queues live (QUEUE_BACKEND). */
export type BrokerBackend = AppConfig['runtime']['queues'];

/** A call counted in its fixed window: the calls so far and the milliseconds the window has left. */
export interface WindowCount {
  readonly count: number;
  readonly ttlMs: number;
}

/** What a BullMQ worker of the catalogue is started with. */
export interface ConsumerOptions {
  readonly concurrency: number;
  /** The worker's name, shown on the queue dashboard. */
  readonly name: string;
}

/**
 * What the processes share besides the database: the job queues (BullMQ),
 * live events between processes (publish and subscribe), and small counters
 * that expire (rate-limit windows, connection leases). Redis is the
 * production backend and the recommended one; PostgreSQL (BullMQ's
 * PostgreSQL backend, LISTEN/NOTIFY and unlogged tables) serves a machine
 * with no Redis, such as the embedded mode. Everything above goes through
 * this seam, never through a client of either, so one code path serves both.
 *
 * Neither backend's QueueEvents is used: on PostgreSQL it loses events under
 * concurrency. The outbox and the database say what happened.
 */
export abstract class Broker {
  abstract readonly backend: BrokerBackend;

  /** Connects, and checks what the backend needs (Redis: no eviction; PostgreSQL: BullMQ's schema). */
  abstract start(): Promise<void>;
  abstract close(): Promise<void>;
  /** Resolves when the backend answers. */
  abstract ping(): Promise<void>;

  /** A producer handle of the queue (one per queue and process: QueueRegistry keeps them). */
  abstract queue(name: string): Queue;
  abstract worker(name: string, processor: Processor, options: ConsumerOptions): Worker;

  /** Sends `message` to every process subscribed to `channel` now; nothing is kept for later. */
  abstract publish(channel: string, message: string): Promise<void>;
  /**
   * Calls `onMessage` with each message of `channel` from now on, and `onGap`
   * whenever the subscription comes back after losing the backend (messages
   * sent meanwhile are gone).
   */
  abstract subscribe(
    channel: string,
    onMessage: (message: string) => void,
    onGap: () => void,
  ): Promise<void>;

  /** Counts one call under `key` in a window of `windowMs` that its first call opens; atomic across processes. */
  abstract countCall(key: string, windowMs: number): Promise<WindowCount>;

  /**
   * Takes a lease under `key` for `holder` until `leaseMs` from now, unless
   * `max` unexpired leases are held there already; atomic across processes.
   */
  abstract reserveLease(
    key: string,
    holder: string,
    max: number,
    leaseMs: number,
  ): Promise<boolean>;
  /** Extends the holder's lease, taking it again if it lapsed meanwhile. */
  abstract renewLease(key: string, holder: string, leaseMs: number): Promise<void>;
  abstract releaseLease(key: string, holder: string): Promise<void>;
}
