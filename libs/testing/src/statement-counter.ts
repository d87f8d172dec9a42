import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/** One statement as the pg driver sent it. */
export interface SentStatement {
  readonly text: string;
  readonly values: readonly unknown[];
}

type Query = (this: pg.Client, ...args: unknown[]) => unknown;

function sentOf(args: readonly unknown[]): SentStatement {
  const [first, second] = args;
  if (typeof first === 'string') {
    return { text: first, values: Array.isArray(second) ? (second as unknown[]) : [] };
  }
  const config = first as { text?: string; values?: unknown[] };
  return { text: config.text ?? '', values: config.values ?? [] };
}

/** A pooled connection's one-time LISTEN (ChangeFeed): set-up of the connection, not the request's. */
const CONNECTION_SETUP = /^LISTEN /;

/**
 * Records the SQL statements that `source` sends while `work` runs, at the pg
 * driver, where every statement passes: TypeORM's and the raw prepared ones
 * alike, transaction control included, connection set-up not. List queries
 * must not grow with their rows (no N+1), so tests compare counts across data
 * sizes instead of timing anything. Only the connections `source`'s pool
 * hands out during `work` are counted: a worker started in the same test
 * process (its relay woken by a commit, a scheduled job firing on the minute)
 * has its own pool, and its statements are not the request's.
 */
export async function countStatements(
  source: DataSource,
  work: () => Promise<unknown>,
): Promise<{ count: number; statements: string[]; sent: SentStatement[] }> {
  const sent: SentStatement[] = [];
  const pool = (source.driver as PostgresDriver).master as pg.Pool;
  const handedOut = new WeakSet<pg.PoolClient>();
  const onAcquire = (client: pg.PoolClient) => handedOut.add(client);
  pool.on('acquire', onAcquire);
  const prototype = pg.Client.prototype as unknown as { query: Query };
  const original = prototype.query;
  prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const statement = sentOf(args);
    if (handedOut.has(this as pg.PoolClient) && !CONNECTION_SETUP.test(statement.text)) {
      sent.push(statement);
    }
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    prototype.query = original;
    pool.off('acquire', onAcquire);
  }
  return { count: sent.length, statements: sent.map((s) => s.text), sent };
}
