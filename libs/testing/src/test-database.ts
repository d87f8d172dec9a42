import { Test, type TestingModule } from '@nestjs/testing';
import pg from 'pg';
import { DatabaseModule, migrateDatabase } from '#database';
import { CoreModule, type AppConfig } from '#core';
import { captureLogs } from './log-capture.js';
import { testConfig } from './test-config.js';

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

/**
 * The core and database modules alone, on this run's migrated database: for
 * integration specs of the data layer that need no API or worker.
 */
export async function startDatabaseModule(): Promise<TestingModule> {
  const config = testConfig();
  await migrateTestDatabase(config);
  const module = await Test.createTestingModule({
    imports: [CoreModule.forRoot({ config, logger: captureLogs().logger }), DatabaseModule],
  }).compile();
  await module.init();
  return module;
}
