import { DataSource } from 'typeorm';
import type { AppConfig } from '#core';
import { dataSourceOptions } from './data-source-options.js';

/** Runs every pending migration against the configured database. */
export async function runMigrations(config: Pick<AppConfig, 'database'>): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(config), extra: { max: 1 } });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

/** Reverts the most recent migration. */
export async function revertLastMigration(config: Pick<AppConfig, 'database'>): Promise<void> {
  const dataSource = new DataSource({ ...dataSourceOptions(config), extra: { max: 1 } });
  await dataSource.initialize();
  try {
    await dataSource.undoLastMigration({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
