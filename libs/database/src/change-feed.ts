import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * The one channel the database announces changes on. A notification's
 * payload is `topic:detail`, e.g. `actor:<account id>` (the triggers of the
 * migrations write it).
 */
const CHANNEL = 'vanguard_changes';

/** Pooled connections whose LISTEN has succeeded. */
const listening = new WeakSet<pg.ClientBase>();
/** Emitted by a connection when its LISTEN has succeeded (pg-pool hands it out after). */
const NOW_LISTENING = 'vanguard:listening';

/**
 * Makes every pooled connection listen before it is first handed out
 * (pg-pool's `verify` step of the apps' connection options), so no
 * statement is ever queued behind the LISTEN.
 */
export function listenForChanges(client: pg.ClientBase, done: (error?: Error) => void): void {
  client.query(`LISTEN ${CHANNEL}`).then(
    () => {
      listening.add(client);
      client.emit(NOW_LISTENING);
      done();
    },
    (error: unknown) => {
      done(error instanceof Error ? error : new Error(String(error)));
    },
  );
}

/**
 * PostgreSQL notifications (LISTEN/NOTIFY), received on the pool's own
 * connections rather than on one dedicated connection. That is what makes a
 * change visible at once in the process that made it: PostgreSQL delivers a
 * notification to the committing connection itself before the COMMIT
 * returns, so a process that forgets what it kept when told is never behind
 * its own writes. Other processes hear it as soon as one of their idle
 * connections receives it.
 *
 * Each connection is heard from the first time it is handed out. When the
 * last connection heard from closes, every subscriber is called with no
 * detail: it may have missed a change.
 */
@Injectable()
export class ChangeFeed {
  private readonly subscribers = new Map<string, ((detail: string | null) => void)[]>();
  private readonly heard = new WeakSet<pg.ClientBase>();
  private heardConnections = 0;

  constructor(@InjectDataSource() dataSource: DataSource) {
    const pool = (dataSource.driver as PostgresDriver).master as pg.Pool;
    pool.on('acquire', (client) => {
      this.hear(client);
    });
    pool.on('remove', (client) => {
      this.forget(client);
    });
  }

  /**
   * Calls `onChange` with the detail of every change announced on `topic`,
   * and with `null` whenever one may have been missed.
   */
  subscribe(topic: string, onChange: (detail: string | null) => void): void {
    this.subscribers.set(topic, [...(this.subscribers.get(topic) ?? []), onChange]);
  }

  /** Whether a change would be heard now: what is read from here on may be kept. */
  get isListening(): boolean {
    return this.heardConnections > 0;
  }

  private hear(client: pg.PoolClient): void {
    if (this.heard.has(client)) return;
    if (!listening.has(client)) {
      // A new connection is handed out here before its LISTEN (pg-pool's
      // order); it is heard once that has succeeded, still before its use.
      client.once(NOW_LISTENING, () => {
        this.hear(client);
      });
      return;
    }
    this.heard.add(client);
    this.heardConnections++;
    client.on('notification', ({ channel, payload = '' }) => {
      if (channel !== CHANNEL) return;
      const colon = payload.indexOf(':');
      const topic = colon === -1 ? payload : payload.slice(0, colon);
      this.notify(topic, colon === -1 ? '' : payload.slice(colon + 1));
    });
  }

  private forget(client: pg.PoolClient): void {
    if (!this.heard.has(client)) return;
    this.heard.delete(client);
    if (--this.heardConnections === 0) {
      for (const topic of this.subscribers.keys()) this.notify(topic, null);
    }
  }

  private notify(topic: string, detail: string | null): void {
    for (const onChange of this.subscribers.get(topic) ?? []) onChange(detail);
  }
}
