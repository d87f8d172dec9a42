import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { APP_CONFIG, type AppConfig } from '#core';
import { eventually, startDatabaseModule } from '#testing';
import { ChangeFeed } from './change-feed.js';
import { sql } from './sql.js';
import { UnitOfWork } from './unit-of-work.js';

describe('ChangeFeed', () => {
  let module: TestingModule;
  let feed: ChangeFeed;
  let uow: UnitOfWork;
  let pool: pg.Pool;
  let outside: pg.Client;
  // Its own topic: other specs share the database.
  const topic = `feed-${randomUUID()}`;
  const announce = (detail: string) => `${topic}:${detail}`;
  const heard: (string | null)[] = [];

  beforeAll(async () => {
    module = await startDatabaseModule();
    feed = module.get(ChangeFeed);
    uow = module.get(UnitOfWork);
    pool = (module.get(DataSource).driver as PostgresDriver).master as pg.Pool;
    feed.subscribe(topic, (detail) => heard.push(detail));
    outside = new pg.Client({ connectionString: module.get<AppConfig>(APP_CONFIG).database.url });
    await outside.connect();
  });

  afterAll(async () => {
    await outside.end();
    await module.close();
  });

  it('hears a pooled connection from the first statement it carries', async () => {
    await uow.query(sql`SELECT 1`);
    expect(feed.isListening).toBe(true);
  });

  it('hears what another connection announces, with its payload', async () => {
    await uow.query(sql`SELECT 1`);
    await outside.query(`SELECT pg_notify('vanguard_changes', $1)`, [announce('from-outside')]);
    await outside.query(`SELECT pg_notify('vanguard_changes', $1)`, [`other-${topic}:x`]);
    await eventually(() => heard.includes('from-outside'));
    expect(heard).not.toContain('x');
  });

  it("hears the process's own change before its transaction returns, and nothing of a rolled-back one", async () => {
    await uow.run(() =>
      uow.query(sql`SELECT pg_notify('vanguard_changes', ${announce('committed')})`),
    );
    expect(heard).toContain('committed');
    await uow.query(sql`SELECT pg_notify('vanguard_changes', ${announce('autocommit')})`);
    expect(heard).toContain('autocommit');
    await expect(
      uow.run(async () => {
        await uow.query(sql`SELECT pg_notify('vanguard_changes', ${announce('rolled-back')})`);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await uow.query(sql`SELECT pg_notify('vanguard_changes', ${announce('after')})`);
    expect(heard).toContain('after');
    expect(heard).not.toContain('rolled-back');
  });

  it('tells its subscribers a change may have been missed when no connection listens any more', async () => {
    await uow.query(sql`SELECT 1`);
    // Hold every pooled connection at once to learn their server processes.
    const clients = await Promise.all(
      Array.from({ length: pool.totalCount }, () => pool.connect()),
    );
    const pids = clients.map((client) => (client as unknown as { processID: number }).processID);
    for (const client of clients) client.release();
    heard.length = 0;
    await outside.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
    await eventually(() => heard.includes(null));
    expect(feed.isListening).toBe(false);
    // The next statement borrows a new connection, which listens again.
    await uow.query(sql`SELECT 1`);
    expect(feed.isListening).toBe(true);
  });
});
