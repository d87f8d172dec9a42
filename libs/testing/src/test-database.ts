import { Test, type TestingModule } from '@nestjs/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  databaseOf,
  DatabaseModule,
  migrateDatabase,
  onDatabase,
  roleOf,
  withClient,
} from '#database';
import { CoreModule } from '#core';
import { captureLogs } from './log-capture.js';
import { configOn, testConfig } from './test-config.js';

const MIGRATION_LOCK = 7_215_001;
/** SQLSTATE of a CREATE DATABASE whose template has a session open (autovacuum, a moment). */
const OBJECT_IN_USE = '55006';
let suiteReady: Promise<void> | undefined;

/**
 * Creates the spec file's database, once (test/suite-database.ts calls it
 * before the spec's own hooks): a copy of the run's, migrated the way
 * `migrate` does it (roles, owner, migrations, grants) before the first copy
 * is made, as no copy exists before then. The Jest workers take turns under
 * the advisory lock, connected to the server's maintenance database:
 * PostgreSQL copies a database only while nobody is connected to it.
 */
export function prepareSuiteDatabase(runAdminUrl: string, suiteAdminUrl: string): Promise<void> {
  suiteReady ??= copyRunDatabase(runAdminUrl, suiteAdminUrl);
  return suiteReady;
}

/** Resolves once the spec file's database exists, migrated (see prepareSuiteDatabase). */
export function suiteDatabaseReady(): Promise<void> {
  if (!suiteReady) {
    throw new Error(
      'Run int and e2e specs through jest: test/suite-database.ts prepares their database',
    );
  }
  return suiteReady;
}

async function copyRunDatabase(runAdminUrl: string, suiteAdminUrl: string): Promise<void> {
  const run = configOn(runAdminUrl, 'unused');
  const runName = databaseOf(runAdminUrl);
  await withClient(onDatabase(runAdminUrl, 'postgres'), async (client) => {
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
 * The core and database modules alone, on the spec file's migrated database: for
 * integration specs of the data layer that need no API or worker.
 */
export async function startDatabaseModule(): Promise<TestingModule> {
  const config = testConfig();
  await suiteDatabaseReady();
  const module = await Test.createTestingModule({
    imports: [CoreModule.forRoot({ config, logger: captureLogs().logger }), DatabaseModule],
  }).compile();
  await module.init();
  return module;
}
