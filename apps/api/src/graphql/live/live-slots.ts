import type { Redis } from 'ioredis';

/**
 * Reserves a connection slot for an account, atomically: forgets leases that
 * ran out (a process that died without releasing its own), refuses when the
 * account holds `max` live ones, else takes one until `lease`.
 */
const RESERVE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return 1`;

/**
 * Live connections per account, counted in Redis so that the cap holds
 * across every API process. Each connection holds a lease it renews while
 * open (LiveSession's checks), so the slots of a process that died come
 * free by themselves.
 */
export class LiveSlots {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly max: number,
    private readonly leaseMs: number,
  ) {}

  async reserve(accountId: string, connectionId: string): Promise<boolean> {
    const now = Date.now();
    const taken = await this.redis.eval(
      RESERVE,
      1,
      this.key(accountId),
      now,
      this.max,
      now + this.leaseMs,
      connectionId,
    );
    return taken === 1;
  }

  /** Extends the lease, taking it again if it lapsed meanwhile (Redis away longer than a lease). */
  async renew(accountId: string, connectionId: string): Promise<void> {
    const lease = Date.now() + this.leaseMs;
    await this.redis
      .multi()
      .zadd(this.key(accountId), lease, connectionId)
      .pexpireat(this.key(accountId), lease)
      .exec();
  }

  async release(accountId: string, connectionId: string): Promise<void> {
    await this.redis.zrem(this.key(accountId), connectionId);
  }

  private key(accountId: string): string {
    return `${this.prefix}:live:connections:${accountId}`;
  }
}
