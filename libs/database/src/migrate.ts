import { DataSource } from 'typeorm';
import type { AppConfig } from '#core';
import { grantAppPrivileges } from './app-privileges.js';
import { provisionDatabase } from './database-admin.js';
import { ownerDataSourceOptions } from './data-source-options.js';

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
 * What `migrate` does: creates the roles and the database when given an
 * admin connection, applies pending migrations as the owner, then grants the
 * apps' role its privileges.
 */
export async function migrateDatabase(
  config: Pick<AppConfig, 'database'>,
): Promise<{ created: boolean; applied: string[] }> {
  const { adminUrl } = config.database;
  const created = adminUrl ? await provisionDatabase(config.database, adminUrl) : false;
  const applied = await runMigrations(config);
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
