import pg from 'pg';
import { runMigrations } from '#database';
import type { AppConfig } from '#core';

const MIGRATION_LOCK = 7_215_001;
let migrated: Promise<void> | undefined;

/**
 * Applies the real migrations to this run's database, once: Jest workers race
 * for an advisory lock and the first one migrates; the others then find
 * nothing pending.
 */
export function migrateTestDatabase(config: AppConfig): Promise<void> {
  migrated ??= (async () => {
    const client = new pg.Client({ connectionString: config.database.url });
    await client.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await runMigrations(config);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      await client.end();
    }
  })();
  return migrated;
}
