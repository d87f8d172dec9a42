import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Names this run's database and Redis key prefix and creates the database as
 * the superuser. Jest loads this file outside its module map, so it imports
 * packages only; the workers then run the code of `migrate` on it once,
 * under an advisory lock (see libs/testing): it creates the owner and app
 * roles if missing, hands the database to the owner, migrates and grants.
 * Each spec file then works in a copy of its own (test/suite-database.ts).
 */
export default async function globalSetup(): Promise<void> {
  const run = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const server = new URL(
    process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  );
  const database = `vanguard_test_${run}`;
  const client = new pg.Client({ connectionString: server.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  server.pathname = `/${database}`;
  // The run's names; each spec file gets its own beneath them (test/suite-database.ts).
  process.env.VANGUARD_TEST_RUN_DATABASE_URL = server.toString();
  process.env.VANGUARD_TEST_RUN_REDIS_PREFIX = database;
}
