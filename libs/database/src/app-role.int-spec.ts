import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Test } from '@nestjs/testing';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { ConfigError, CoreModule, type AppConfig } from '#core';
import { captureLogs, suiteDatabaseReady, testConfig } from '#testing';
import { assertRestrictedRole } from './app-role.check.js';
import { DatabaseModule } from './database.module.js';

const INSUFFICIENT_PRIVILEGE = { code: '42501' };

/**
 * The apps connect as a role that can change rows but not the rules: it
 * cannot get past the audit log's append-only triggers, change the audit
 * log, or change the schema.
 */
describe("the apps' database role", () => {
  let config: AppConfig;
  let app: pg.Client;

  beforeAll(async () => {
    config = testConfig();
    await suiteDatabaseReady();
    app = new pg.Client({ connectionString: config.database.url });
    await app.connect();
  });

  afterAll(async () => {
    await app.end();
  });

  it('may not switch off, drop or bypass the triggers of the audit log', async () => {
    for (const statement of [
      'ALTER TABLE audit_log DISABLE TRIGGER ALL',
      'DROP TRIGGER audit_log_no_update_delete ON audit_log',
      'SET session_replication_role = replica',
      'SET ROLE vanguard_owner',
    ]) {
      await expect(app.query(statement)).rejects.toMatchObject(INSUFFICIENT_PRIVILEGE);
    }
  });

  it('may add to the audit log but not change or empty it', async () => {
    const { rows } = await app.query<{ id: string }>(
      `INSERT INTO audit_log (action, entity) VALUES ('test.app_role', 'test') RETURNING id`,
    );
    const id = rows[0]!.id;
    for (const statement of [
      `UPDATE audit_log SET action = 'x' WHERE id = ${id}`,
      `DELETE FROM audit_log WHERE id = ${id}`,
      'TRUNCATE audit_log',
    ]) {
      // Refused for want of the privilege, before the append-only trigger would be reached.
      await expect(app.query(statement)).rejects.toMatchObject({
        ...INSUFFICIENT_PRIVILEGE,
        message: 'permission denied for table audit_log',
      });
    }
    const kept = await app.query('SELECT action FROM audit_log WHERE id = $1', [id]);
    expect(kept.rows).toEqual([{ action: 'test.app_role' }]);
  });

  it('changes no schema and truncates no table', async () => {
    for (const statement of [
      'CREATE TABLE app_role_probe (id int)',
      'DROP TABLE member',
      'ALTER TABLE member ADD COLUMN probe int',
      'TRUNCATE member',
    ]) {
      await expect(app.query(statement)).rejects.toMatchObject(INSUFFICIENT_PRIVILEGE);
    }
    const { rows } = await app.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class
       WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')
         AND has_table_privilege(oid, 'TRUNCATE, TRIGGER, REFERENCES')`,
    );
    expect(rows).toEqual([]);
  });

  it('reads and writes the rows of the other tables', async () => {
    const name = `app-role-${randomUUID()}`;
    const { rows } = await app.query<{ id: string }>(
      'INSERT INTO community (name) VALUES ($1) RETURNING id',
      [name],
    );
    const id = rows[0]!.id;
    await app.query('UPDATE community SET name = $2 WHERE id = $1', [id, `${name}-renamed`]);
    const renamed = await app.query('SELECT name FROM community WHERE id = $1', [id]);
    expect(renamed.rows).toEqual([{ name: `${name}-renamed` }]);
    await app.query('DELETE FROM community WHERE id = $1', [id]);
    const gone = await app.query('SELECT 1 FROM community WHERE id = $1', [id]);
    expect(gone.rowCount).toBe(0);
  });

  it('is the only kind of role an app starts with', async () => {
    // Wired into the apps' database module: connected as the superuser, the module refuses to start.
    const module = await Test.createTestingModule({
      imports: [
        CoreModule.forRoot({
          config: testConfig({ DATABASE_URL: config.database.adminUrl! }),
          logger: captureLogs().logger,
        }),
        DatabaseModule,
      ],
    }).compile();
    await expect(module.init()).rejects.toThrow(ConfigError);
    await module.close();

    const check = async (url: string) => {
      const dataSource = await new DataSource({ type: 'postgres', url }).initialize();
      try {
        await assertRestrictedRole(dataSource);
      } finally {
        await dataSource.destroy();
      }
    };
    await expect(check(config.database.ownerUrl)).rejects.toThrow(ConfigError);
    await expect(check(config.database.url)).resolves.toBeUndefined();
  });
});
