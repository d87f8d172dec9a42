import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * Drops this run's databases (its template and each spec file's copy, with
 * the scratch databases named after them) and every Redis key under its
 * prefix, or under a prefix derived from it (each spec file's, the demo's),
 * and the file directories named after those prefixes.
 */
export default async function globalTeardown(): Promise<void> {
  const databaseUrl = process.env.VANGUARD_TEST_RUN_DATABASE_URL;
  const prefix = process.env.VANGUARD_TEST_RUN_REDIS_PREFIX;
  if (!databaseUrl || !prefix) return;
  const server = new URL(databaseUrl);
  const database = server.pathname.slice(1);
  server.pathname = '/postgres';
  const client = new pg.Client({ connectionString: server.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT datname AS name FROM pg_database WHERE starts_with(datname, $1)`,
      [database],
    );
    for (const { name } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  // The run's file directories, as libs/testing/src/test-config.ts names them.
  for (const entry of await readdir(tmpdir())) {
    if (entry.startsWith(`vanguard-files-${prefix}`)) {
      await rm(join(tmpdir(), entry), { recursive: true, force: true });
    }
  }
}
