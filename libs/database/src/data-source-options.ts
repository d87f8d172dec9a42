import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '#core';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/**
 * The one set of connection options shared by the apps, the migration CLI and
 * the tests. Schema changes happen through migrations only: `synchronize` is
 * never on, not even in tests.
 */
export function dataSourceOptions(
  config: Pick<AppConfig, 'database'>,
  entities: DataSourceOptions['entities'] = [],
): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.database.url,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: config.database.poolSize, application_name: 'vanguard' },
    logging: false,
  };
}
