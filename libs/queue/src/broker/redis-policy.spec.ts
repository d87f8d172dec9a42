import { describe, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { captureLogs } from '#testing';
import { assertNoEviction } from './redis-policy.js';

/** Only the Redis reply is faked here; the real server's policy is checked at every test app's boot. */
function redisReplying(reply: () => Promise<unknown>): Redis {
  return { call: reply } as unknown as Redis;
}

describe('assertNoEviction', () => {
  it('accepts noeviction', async () => {
    const { logger } = captureLogs();
    await expect(
      assertNoEviction(
        redisReplying(() => Promise.resolve(['maxmemory-policy', 'noeviction'])),
        logger,
      ),
    ).resolves.toBeUndefined();
  });

  it('refuses to start on an evicting policy', async () => {
    const { logger } = captureLogs();
    await expect(
      assertNoEviction(
        redisReplying(() => Promise.resolve(['maxmemory-policy', 'allkeys-lru'])),
        logger,
      ),
    ).rejects.toThrow('allkeys-lru');
  });

  it('only warns when CONFIG is not permitted', async () => {
    const { logger, lines } = captureLogs();
    await assertNoEviction(
      redisReplying(() => Promise.reject(new Error('NOPERM'))),
      logger,
    );
    expect(lines().join('\n')).toContain('noeviction');
  });
});
