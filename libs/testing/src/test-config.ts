import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig, type AppConfig } from '#core';

/** Where a test run keeps its files: apart from every other run's. */
function testStorageDir(redisPrefix: string): string {
  return join(tmpdir(), `vanguard-files-${redisPrefix}`);
}

/** `url` connecting as `role`, without a password (the test server trusts local connections). */
function as(url: string, role: string): string {
  const result = new URL(url);
  result.username = role;
  result.password = '';
  return result.toString();
}

/**
 * Configuration for a test: the spec file's own database and Redis prefix
 * (named by test/suite-database.ts), quiet logs and a fast outbox relay. The apps
 * connect as the development app role and migrations run as the development
 * owner role, as on a developer's machine; the superuser connection of
 * global setup is the admin that creates them (roles are shared by the
 * cluster, privileges stay in this run's database).
 * Every spec of a run signs in from 127.0.0.1 and shares the run's Redis
 * prefix, so the per-address rate limits are out of the way; the specs of
 * the limits set their own and call from addresses of their own.
 */
export function testConfig(env: Record<string, string> = {}): AppConfig {
  const adminUrl = process.env.VANGUARD_TEST_DATABASE_URL;
  const redisPrefix = process.env.VANGUARD_TEST_REDIS_PREFIX;
  if (!adminUrl || !redisPrefix) {
    throw new Error('Run tests through jest: test/suite-database.ts names the test database');
  }
  return configOn(adminUrl, redisPrefix, env);
}

/** The test configuration on the database `adminUrl` names (as the superuser). */
export function configOn(
  adminUrl: string,
  redisPrefix: string,
  env: Record<string, string> = {},
): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: as(adminUrl, 'vanguard_app'),
    DATABASE_OWNER_URL: as(adminUrl, 'vanguard_owner'),
    DATABASE_ADMIN_URL: adminUrl,
    DATABASE_POOL_SIZE: '4',
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: redisPrefix,
    OUTBOX_POLL_INTERVAL_MS: '25',
    // The run's own directory, removed by global teardown.
    STORAGE_DIR: testStorageDir(redisPrefix),
    LOGIN_RATE_LIMIT: '100000',
    REFRESH_RATE_LIMIT: '100000',
    ...env,
  });
}

/** The settings that make a test app run as in production: its own random secrets (production refuses the development ones). */
export function productionEnv(): Record<string, string> {
  return {
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    PERSONAL_DATA_KEY: randomBytes(32).toString('base64'),
    PERSONAL_DATA_HASH_KEY: randomBytes(32).toString('base64'),
  };
}
