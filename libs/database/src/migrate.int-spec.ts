import { afterAll, describe, expect, it } from '@jest/globals';
import { testConfig } from '#testing';
import { databaseOf, onDatabase, withClient } from './database-admin.js';
import { migrateDatabase, runMigrations } from './migrate.js';

/**
 * Earlier versions migrated as the superuser, and their apps installed
 * uuid-ossp: `migrate` must take such a database over for the owner role.
 */
describe('migrate', () => {
  const config = testConfig();
  const adminUrl = config.database.adminUrl!;
  const name = `${databaseOf(adminUrl)}_legacy`;
  const legacy = testConfig({
    DATABASE_URL: onDatabase(config.database.url, name),
    DATABASE_OWNER_URL: onDatabase(config.database.ownerUrl, name),
  });

  afterAll(async () => {
    await withClient(adminUrl, (admin) =>
      admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    );
  });

  it('hands a database migrated by the superuser to the owner role, then grants the apps', async () => {
    await withClient(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
    const legacyAdminUrl = onDatabase(adminUrl, name);
    await runMigrations({ database: { ...legacy.database, ownerUrl: legacyAdminUrl } });
    await withClient(legacyAdminUrl, (admin) => admin.query('CREATE EXTENSION "uuid-ossp"'));

    expect(await migrateDatabase(legacy)).toEqual({ created: false, applied: [] });

    await withClient(legacyAdminUrl, async (admin) => {
      const { rows } = await admin.query<{ owner: string }>(
        `SELECT DISTINCT pg_get_userbyid(owner) AS owner FROM (
           SELECT datdba AS owner, 0::oid AS oid, 0::oid AS catalog FROM pg_database WHERE datname = current_database()
           UNION ALL
           SELECT relowner, oid, 'pg_class'::regclass FROM pg_class WHERE relnamespace = 'public'::regnamespace
           UNION ALL
           SELECT proowner, oid, 'pg_proc'::regclass FROM pg_proc WHERE pronamespace = 'public'::regnamespace
         ) o
         WHERE NOT EXISTS (SELECT FROM pg_depend d
                           WHERE d.classid = o.catalog AND d.objid = o.oid AND d.deptype = 'e')`,
      );
      expect(rows).toEqual([{ owner: 'vanguard_owner' }]);
    });
    // The owner can go on migrating it.
    await withClient(legacy.database.ownerUrl, async (owner) => {
      await owner.query('BEGIN');
      await owner.query('ALTER TABLE member ADD COLUMN probe int');
      await owner.query('ROLLBACK');
    });
    await withClient(legacy.database.url, async (app) => {
      await app.query(`INSERT INTO audit_log (action, entity) VALUES ('test.legacy', 'test')`);
      await expect(app.query('DELETE FROM audit_log')).rejects.toThrow('permission denied');
    });
  });
});
