import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '#core';
import { listenForChanges } from './change-feed.js';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/**
 * Session settings of every connection the apps open. Only named (prepared)
 * statements are affected: the hot raw reads of UnitOfWork.query. Left to
 * itself, PostgreSQL re-plans those on every execution, because it prices
 * their generic plans pessimistically (`= ANY($array)` parameters), and for
 * the member list planning took as long as running it. Their generic plans
 * are as good: the index choices at 100,000 members are checked on exactly
 * these plans (libs/domain/src/members/member-search.int-spec.ts).
 */
export const SESSION_OPTIONS = '-c plan_cache_mode=force_generic_plan';

/**
 * The one set of connection options shared by the apps, the migration CLI and
 * the tests, connecting as the apps' role. Schema changes happen through
 * migrations only: `synchronize` is never on, not even in tests, and TypeORM
 * installs no extension (the apps' role may not: migrations, run as the owner,
 * create the trusted ones the schema needs).
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
    installExtensions: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: {
      max: config.database.poolSize,
      application_name: 'vanguard',
      options: SESSION_OPTIONS,
      // Each new connection listens for announced changes (ChangeFeed).
      verify: listenForChanges,
    },
    logging: false,
  };
}

/** The same options, connecting as the owner of the schema: for migrations only. */
export function ownerDataSourceOptions(
  config: Pick<AppConfig, 'database'>,
  entities: DataSourceOptions['entities'] = [],
): DataSourceOptions {
  return dataSourceOptions(
    { database: { ...config.database, url: config.database.ownerUrl } },
    entities,
  );
}
