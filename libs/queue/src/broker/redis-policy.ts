import type { Redis } from 'ioredis';
import type { Logger } from '#core';

/**
 * BullMQ keeps jobs as ordinary Redis keys: with any eviction policy Redis may
 * silently drop a job under memory pressure. Refuse to start unless the server
 * runs `maxmemory-policy noeviction`; managed Redis services that forbid
 * CONFIG only get a warning, since the policy cannot be read there.
 */
export async function assertNoEviction(redis: Redis, logger: Logger): Promise<void> {
  let reply: unknown;
  try {
    reply = await redis.call('CONFIG', 'GET', 'maxmemory-policy');
  } catch {
    logger.warn(
      'cannot read Redis maxmemory-policy (CONFIG not permitted); make sure it is noeviction',
    );
    return;
  }
  const policy = Array.isArray(reply) ? (reply[1] as unknown) : undefined;
  if (policy !== 'noeviction') {
    throw new Error(
      `Redis maxmemory-policy is "${String(policy)}"; BullMQ needs "noeviction" or jobs can be lost`,
    );
  }
}
