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
 * What in BullMQ's schema the owner did not make, apart from the sequence
 * BullMQ's functions make (as the apps' role) for each queue as it first
 * appears: BullMQ's migrations run with search_path set to that schema, so
 * a function or operator planted there by the apps' role could run as the
 * owner. Nothing should ever be listed.
 */
const PLANTED = `
  SELECT o.kind || ' ' || o.name AS object FROM (
    SELECT 'function' AS kind, p.oid::regprocedure::text AS name, p.proowner AS owner
      FROM pg_proc p WHERE p.pronamespace = to_regnamespace($1)
    UNION ALL
    SELECT 'operator', o.oid::regoperator::text, o.oprowner
      FROM pg_operator o WHERE o.oprnamespace = to_regnamespace($1)
    UNION ALL
    SELECT 'type', t.oid::regtype::text, t.typowner
      FROM pg_type t WHERE t.typnamespace = to_regnamespace($1) AND t.typtype <> 'c'
    UNION ALL
    SELECT 'relation', c.oid::regclass::text, c.relowner
      FROM pg_class c WHERE c.relnamespace = to_regnamespace($1)
       AND NOT (c.relkind = 'S' AND starts_with(c.relname, 'bullmq_jid_'))
  ) o
  WHERE o.owner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)`;

/**
 * Brings BullMQ's own tables (its PostgreSQL backend, QUEUE_BACKEND=postgres)
 * up to date, as the owner, whatever the backend in use, so the tests and a
 * later move of the queues find them there; idempotent, under an advisory
 * lock. On Redis a failure (an owner that may not create a schema) is
 * returned for a warning: the queues do not need the schema there.
 */
async function migrateQueueSchema(
  config: Pick<AppConfig, 'database' | 'runtime'>,
): Promise<string | undefined> {
  try {
    await withClient(config.database.ownerUrl, async (client) => {
      const { rows } = await client.query<{ object: string }>(PLANTED, [BULLMQ_SCHEMA]);
      if (rows.length > 0) {
        throw new Error(
          `Schema ${BULLMQ_SCHEMA} holds objects its owner did not make; BullMQ's migrations are not run: ${rows.map((r) => r.object).join(', ')}`,
        );
      }
      await runBullmqMigrations(client, BULLMQ_SCHEMA);
    });
    return undefined;
  } catch (error) {
    if (config.runtime.queues === 'postgres') throw error;
    return String(error);
  }
}

/**
 * What `migrate` does: creates the roles and the database when given an
 * admin connection, applies pending migrations as the owner (the app's and
 * BullMQ's), then grants the apps' role its privileges.
 */
export async function migrateDatabase(
  config: Pick<AppConfig, 'database' | 'runtime'>,
): Promise<{ created: boolean; applied: string[]; queueSchemaSkipped?: string }> {
  const { adminUrl } = config.database;
  const created = adminUrl ? await provisionDatabase(config.database, adminUrl) : false;
  const applied = await runMigrations(config);
  const queueSchemaSkipped = await migrateQueueSchema(config);
  await grantAppPrivileges(config.database);
  return queueSchemaSkipped ? { created, applied, queueSchemaSkipped } : { created, applied };
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
