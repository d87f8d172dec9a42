import type { AppConfig } from '#core';
import { roleOf, withClient } from './database-admin.js';
import { BULLMQ_SCHEMA } from './queue-schema.js';

/**
 * Everything the apps' role may do, stated whole: read and write the rows of
 * the public schema, nothing more. It owns nothing, so it can neither alter,
 * drop nor disable the triggers of a table (the owner could, which is why the
 * apps never connect as the owner); it creates nothing and truncates nothing;
 * on the audit log it may only add and read rows, so the history stays even
 * without the append-only trigger. The migration history is the owner's.
 * BullMQ's schema (its PostgreSQL backend) is the queues' own: the apps
 * may write its rows (not its migration ledger), run its functions, and
 * create in it the sequence BullMQ makes for each queue as it first
 * appears; `migrate` refuses to run BullMQ's migrations over anything else
 * they made there.
 */
function appPrivileges(app: string): string {
  return `
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${app};
    REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${app};
    GRANT USAGE ON SCHEMA public TO ${app};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app};
    GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${app};
    REVOKE UPDATE, DELETE ON audit_log FROM ${app};
    REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM ${app};
  `;
}

/** The queues' part, once BullMQ's schema exists. */
function queuePrivileges(app: string): string {
  return `
    GRANT USAGE, CREATE ON SCHEMA ${BULLMQ_SCHEMA} TO ${app};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${BULLMQ_SCHEMA} TO ${app};
    REVOKE INSERT, UPDATE, DELETE ON ${BULLMQ_SCHEMA}.migration FROM ${app};
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${BULLMQ_SCHEMA} TO ${app};
  `;
}

/**
 * Grants the apps' role its privileges as the owner, after every migration so
 * that new tables are covered. The statements run as one transaction, so a
 * running app never sees the privileges half applied.
 */
export async function grantAppPrivileges(database: AppConfig['database']): Promise<void> {
  await withClient(database.ownerUrl, async (client) => {
    const app = client.escapeIdentifier(roleOf(database.url).name);
    await client.query(appPrivileges(app));
    const { rows: schema } = await client.query<{ found: boolean }>(
      'SELECT to_regnamespace($1) IS NOT NULL AS found',
      [BULLMQ_SCHEMA],
    );
    if (!schema[0]?.found) return;
    await client.query(queuePrivileges(app));
    // BullMQ's own sequences; those it makes per queue at run time are the apps' already
    const { rows } = await client.query<{ name: string }>(
      `SELECT c.oid::regclass::text AS name FROM pg_class c
        WHERE c.relkind = 'S' AND c.relnamespace = $1::regnamespace
          AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)`,
      [BULLMQ_SCHEMA],
    );
    for (const { name } of rows) {
      await client.query(`GRANT USAGE, SELECT, UPDATE ON SEQUENCE ${name} TO ${app}`);
    }
  });
}
