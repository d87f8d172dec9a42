import pg from 'pg';
import { migrateDatabase } from '#database';
import type { AppConfig } from '#core';

const MIGRATION_LOCK = 7_215_001;
let migrated: Promise<void> | undefined;

/**
 * Prepares this run's database the way `migrate` does (the same code):
 * creates the roles if missing, hands the database to the owner role,
 * applies the real migrations as the owner and grants the apps' role its
 * privileges. Jest workers race for an advisory lock, taken as the admin
 * since the roles may not exist yet; the first one migrates, the others find
 * nothing pending.
 */
export function migrateTestDatabase(config: AppConfig): Promise<void> {
  migrated ??= (async () => {
    const client = new pg.Client({ connectionString: config.database.adminUrl });
    await client.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await migrateDatabase(config);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      await client.end();
    }
  })();
  return migrated;
}
