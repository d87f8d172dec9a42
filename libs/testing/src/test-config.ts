import { loadConfig, type AppConfig } from '#core';

/**
 * Configuration for a test: this run's own database and Redis prefix (named
 * by test/global-setup.ts), quiet logs and a fast outbox relay. Every spec of
 * a run signs in from 127.0.0.1 and shares the run's Redis prefix, so the
 * per-address rate limits are out of the way; the specs of the limits set
 * their own and call from addresses of their own.
 */
export function testConfig(env: Record<string, string> = {}): AppConfig {
  const databaseUrl = process.env.VANGUARD_TEST_DATABASE_URL;
  const redisPrefix = process.env.VANGUARD_TEST_REDIS_PREFIX;
  if (!databaseUrl || !redisPrefix) {
    throw new Error('Run tests through jest: test/global-setup.ts names the test database');
  }
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '4',
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: redisPrefix,
    OUTBOX_POLL_INTERVAL_MS: '25',
    LOGIN_RATE_LIMIT: '100000',
    REFRESH_RATE_LIMIT: '100000',
    ...env,
  });
}
