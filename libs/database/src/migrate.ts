import { runMigrations as runBullmqMigrations } from 'bullmq';
import { DataSource } from 'typeorm';
import type { AppConfig } from '#core';
import { grantAppPrivileges } from './app-privileges.js';
import { provisionDatabase, withClient } from './database-admin.js';
import { ownerDataSourceOptions } from './data-source-options.js';
import { BULLMQ_SCHEMA } from './queue-schema.js';

/** Runs every pending migration, as the owner of the schema. */
export async function runMigrations(config: Pick<AppConfig, 'database'>): Promise<string[]> {
  const dataSource = new DataSource({ ...ownerDataSourceOptions(config), extra: { max: 1 } });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Brings BullMQ's own tables (its PostgreSQL backend, QUEUE_BACKEND=postgres)
 * up to date, as the owner, whatever the backend in use: the queues can then
 * move between Redis and PostgreSQL without a migration of their own.
 * BullMQ's migrations are idempotent and take an advisory lock.
 */
async function migrateQueueSchema(database: AppConfig['database']): Promise<void> {
  await withClient(database.ownerUrl, (client) => runBullmqMigrations(client, BULLMQ_SCHEMA));
}

/**
 * What `migrate` does: creates the roles and the database when given an
 * admin connection, applies pending migrations as the owner (the app's and
 * BullMQ's), then grants the apps' role its privileges.
 */
export async function migrateDatabase(
  config: Pick<AppConfig, 'database'>,
): Promise<{ created: boolean; applied: string[] }> {
  const { adminUrl } = config.database;
  const created = adminUrl ? await provisionDatabase(config.database, adminUrl) : false;
  const applied = await runMigrations(config);
  await migrateQueueSchema(config.database);
  await grantAppPrivileges(config.database);
  return { created, applied };
}

/** Reverts the most recent migration, as the owner of the schema. */
export async function revertLastMigration(config: Pick<AppConfig, 'database'>): Promise<void> {
  const dataSource = new DataSource({ ...ownerDataSourceOptions(config), extra: { max: 1 } });
  await dataSource.initialize();
  try {
    await dataSource.undoLastMigration({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
