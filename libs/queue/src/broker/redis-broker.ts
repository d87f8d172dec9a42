import { Queue, Worker, type Processor } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '#core';
import { assertNoEviction } from './redis-policy.js';
import { Broker, type ConsumerOptions, type WindowCount } from './broker.js';
import { ChannelListeners } from './channel-listeners.js';

/**
 * One fixed window per key: the first call of a window starts its expiry,
 * every call counts. A key that somehow lost its expiry gets one again
 * instead of living forever.
 */
const COUNT_CALL = `
local count = redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}`;

/**
 * Forgets leases that ran out (a process that died without releasing its
 * own), refuses a new holder when `max` live ones are held, else takes (or
 * extends) the holder's until the lease.
 */
const RESERVE_LEASE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if not redis.call('ZSCORE', KEYS[1], ARGV[4]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return 1`;

/**
 * The broker on Redis, the production backend: BullMQ's own, pub/sub, and
 * Lua scripts for the counters, every key under the configured prefix (so
 * test runs never see each other's). Counters go through a connection that
 * fails fast instead of queueing commands: a rate limit that waits for an
 * absent Redis would hold a login up; its callers decide what a failure means.
 */
export class RedisBroker extends Broker {
  readonly backend = 'redis' as const;
  private readonly connection: Redis;
  private readonly counters: Redis;
  private subscriber: Redis | undefined;
  private readonly listeners = new ChannelListeners();

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    super();
    // BullMQ needs maxRetriesPerRequest null: a blocked command must not time out.
    this.connection = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
    this.counters = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 1000,
    });
    // Connection errors arrive here on every reconnect attempt; the callers
    // report an outage when a command fails.
    this.counters.on('error', () => undefined);
  }

  async start(): Promise<void> {
    await this.connection.connect();
    await this.counters.connect();
    await assertNoEviction(this.connection, this.logger);
  }

  close(): Promise<void> {
    this.subscriber?.disconnect();
    this.counters.disconnect();
    this.connection.disconnect();
    return Promise.resolve();
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  queue(name: string): Queue {
    return new Queue(name, { connection: this.connection, prefix: this.prefix });
  }

  worker(name: string, processor: Processor, options: ConsumerOptions): Worker {
    return new Worker(name, processor, {
      connection: this.connection,
      prefix: this.prefix,
      concurrency: options.concurrency,
      name: options.name,
    });
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.connection.publish(this.key(channel), message);
  }

  /** The first subscription opens this process's subscriber connection (one in subscribe mode serves nothing else). */
  async subscribe(
    channel: string,
    onMessage: (message: string) => void,
    onGap: () => void,
  ): Promise<void> {
    const key = this.key(channel);
    const first = this.listeners.add(key, { onMessage, onGap });
    if (!this.subscriber) {
      const subscriber = this.connection.duplicate();
      this.subscriber = subscriber;
      subscriber.on('message', (from: string, text: string) => {
        this.listeners.deliver(from, text);
      });
      let connected = false;
      subscriber.on('ready', () => {
        // ioredis subscribes again by itself on reconnecting
        if (connected) this.listeners.gap();
        connected = true;
      });
    }
    if (first) await this.subscriber.subscribe(key);
  }

  async countCall(key: string, windowMs: number): Promise<WindowCount> {
    const [count, ttlMs] = (await this.counters.eval(COUNT_CALL, 1, this.key(key), windowMs)) as [
      number,
      number,
    ];
    return { count, ttlMs };
  }

  async reserveLease(key: string, holder: string, max: number, leaseMs: number): Promise<boolean> {
    const now = Date.now();
    const taken = await this.connection.eval(
      RESERVE_LEASE,
      1,
      this.key(key),
      now,
      max,
      now + leaseMs,
      holder,
    );
    return taken === 1;
  }

  async renewLease(key: string, holder: string, leaseMs: number): Promise<void> {
    const lease = Date.now() + leaseMs;
    await this.connection
      .multi()
      .zadd(this.key(key), lease, holder)
      .pexpireat(this.key(key), lease)
      .exec();
  }

  async releaseLease(key: string, holder: string): Promise<void> {
    await this.connection.zrem(this.key(key), holder);
  }

  private key(name: string): string {
    return `${this.prefix}:${name}`;
  }
}
