import { Test, type TestingModule } from '@nestjs/testing';
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  databaseOf,
  DatabaseModule,
  migrateDatabase,
  onDatabase,
  roleOf,
  withClient,
} from '#database';
import { CoreModule, type AppConfig } from '#core';
import { captureLogs } from './log-capture.js';
import { configOn, testConfig } from './test-config.js';

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

/** SQLSTATE of a CREATE DATABASE whose template has a session open (autovacuum, a moment). */
const OBJECT_IN_USE = '55006';

/**
 * Creates a spec file's database as a copy of the run's, migrating the run's
 * first if no copy exists yet (copies are only made of a migrated one). The
 * Jest workers take turns under the advisory lock, connected to the server's
 * maintenance database: PostgreSQL copies a database only while nobody is
 * connected to it.
 */
export async function prepareSuiteDatabase(
  runAdminUrl: string,
  suiteAdminUrl: string,
): Promise<void> {
  const run = configOn(runAdminUrl, 'unused');
  const maintenance = onDatabase(runAdminUrl, 'postgres');
  const runName = databaseOf(runAdminUrl);
  await withClient(maintenance, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const { rows } = await client.query(
        `SELECT 1 FROM pg_database WHERE starts_with(datname, $1) AND datname <> $2 LIMIT 1`,
        [`${runName}_`, runName],
      );
      if (rows.length === 0) await migrateDatabase(run);
      const owner = client.escapeIdentifier(roleOf(run.database.ownerUrl).name);
      const copy = `CREATE DATABASE ${client.escapeIdentifier(databaseOf(suiteAdminUrl))}
        TEMPLATE ${client.escapeIdentifier(runName)} OWNER ${owner}`;
      for (let attempt = 1; ; attempt++) {
        try {
          await client.query(copy);
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== OBJECT_IN_USE || attempt === 50) throw error;
          await sleep(100);
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  });
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
