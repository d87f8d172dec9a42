import {
  assertSchemaCompatibility,
  createPostgresBackend,
  Queue,
  SchemaMigrationRequiredError,
  Worker,
  type Processor,
} from 'bullmq';
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '#core';
import { BULLMQ_SCHEMA } from '#database';
import { Broker, type ConsumerOptions, type WindowCount } from './broker.js';

/** Connections the producers of one process share (adds and reads are single statements). */
const PRODUCER_POOL = 4;
/** How long the LISTEN connection waits before connecting again after losing the server. */
const RELISTEN_MS = 1_000;
/** PostgreSQL's longest identifier, a NOTIFY channel's name. */
const MAX_CHANNEL_BYTES = 63;
/** How often lapsed rate-limit windows are swept (Redis expires its keys by itself). */
const SWEEP_MS = 10 * 60_000;

/**
 * The broker on PostgreSQL, for a machine without Redis: BullMQ's
 * PostgreSQL backend in the BULLMQ_SCHEMA schema of the app's database,
 * LISTEN/NOTIFY for live events (a notification leaves when its statement
 * commits and reaches every listening process, like Redis pub/sub, and
 * keeps nothing either), and unlogged tables for the counters (nothing
 * there needs to survive a crash).
 *
 * The producers of a process share one small pool; each worker has its own
 * pool, sized to its concurrency, and BullMQ's own LISTEN connection.
 */
export class PostgresBroker extends Broker {
  readonly backend = 'postgres' as const;
  private readonly pool: pg.Pool;
  private listener: pg.Client | undefined;
  private readonly channels = new Map<
    string,
    { onMessage: (m: string) => void; onGap: () => void }[]
  >();
  private closing = false;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    super();
    this.pool = new pg.Pool({
      connectionString: url,
      max: PRODUCER_POOL,
      options: `-c search_path=${BULLMQ_SCHEMA}`,
    });
    // an idle connection the server dropped: the pool replaces it
    this.pool.on('error', (error) => {
      this.logger.warn({ err: error }, 'broker connection lost');
    });
  }

  async start(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await assertSchemaCompatibility(client, BULLMQ_SCHEMA);
    } catch (error) {
      if (error instanceof SchemaMigrationRequiredError) {
        throw new Error(
          `BullMQ's tables are missing from the database (schema ${BULLMQ_SCHEMA}): run the migrate command with QUEUE_BACKEND=postgres`,
        );
      }
      throw error;
    } finally {
      client.release();
    }
    this.sweeper = setInterval(() => {
      this.pool
        .query('DELETE FROM public.broker_window WHERE expires_at < clock_timestamp()')
        .catch((error: unknown) => {
          this.logger.warn({ err: error }, 'rate-limit windows not swept');
        });
    }, SWEEP_MS).unref();
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.sweeper);
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  // BullMQ's classes are the same on either backend; only their backend type
  // parameter differs, which nothing above the broker depends on.
  queue(name: string): Queue {
    return new Queue(name, { connection: this.pool }, createPostgresBackend) as unknown as Queue;
  }

  worker(name: string, processor: Processor, options: ConsumerOptions): Worker {
    return new Worker(
      name,
      processor,
      {
        connection: {
          connectionString: this.url,
          schema: BULLMQ_SCHEMA,
          // one connection per job in flight, and one for BullMQ's bookkeeping
          max: options.concurrency + 1,
        },
        concurrency: options.concurrency,
        name: options.name,
      },
      createPostgresBackend,
    ) as unknown as Worker;
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [this.channelOf(channel), message]);
  }

  async subscribe(
    channel: string,
    onMessage: (message: string) => void,
    onGap: () => void,
  ): Promise<void> {
    const key = this.channelOf(channel);
    const listeners = this.channels.get(key) ?? [];
    listeners.push({ onMessage, onGap });
    this.channels.set(key, listeners);
    if (!this.listener) await this.listen(false);
    else if (listeners.length === 1)
      await this.listener.query(`LISTEN ${pg.escapeIdentifier(key)}`);
  }

  /**
   * Opens the LISTEN connection for every channel subscribed to; a lost
   * connection is opened again after a pause, and each listener told of the
   * gap.
   */
  private async listen(again: boolean): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, keepAlive: true });
    client.on('notification', ({ channel, payload }) => {
      for (const listener of this.channels.get(channel) ?? []) listener.onMessage(payload ?? '');
    });
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'live events connection lost');
      this.relisten(client);
    });
    client.on('end', () => {
      this.relisten(client);
    });
    this.listener = client;
    await client.connect();
    for (const key of this.channels.keys())
      await client.query(`LISTEN ${pg.escapeIdentifier(key)}`);
    if (again) for (const each of this.channels.values()) for (const l of each) l.onGap();
  }

  private relisten(lost: pg.Client): void {
    if (this.closing || this.listener !== lost) return;
    this.listener = undefined;
    const retry = () => {
      if (this.closing) return;
      this.listen(true).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'live events connection not back yet');
        setTimeout(retry, RELISTEN_MS).unref();
      });
    };
    setTimeout(retry, RELISTEN_MS).unref();
  }

  /** The window's row, counted up or started again once expired, in one statement. */
  async countCall(key: string, windowMs: number): Promise<WindowCount> {
    const { rows } = await this.pool.query<WindowCount>(
      `INSERT INTO public.broker_window AS w (key, count, expires_at)
       VALUES ($1, 1, clock_timestamp() + make_interval(secs => $2::float8 / 1000))
       ON CONFLICT (key) DO UPDATE
         SET count = CASE WHEN w.expires_at <= clock_timestamp() THEN 1 ELSE w.count + 1 END,
             expires_at = CASE WHEN w.expires_at <= clock_timestamp() THEN EXCLUDED.expires_at
                               ELSE w.expires_at END
       RETURNING count,
                 greatest(0, extract(epoch FROM expires_at - clock_timestamp()) * 1000)::int AS "ttlMs"`,
      [this.key(key), windowMs],
    );
    const [row] = rows;
    if (!row) throw new Error('the window upsert returned nothing');
    return row;
  }

  /**
   * Leases of one key take their turn (an advisory lock until the
   * transaction ends; each statement after it sees what the one before
   * committed), so two cannot both find the last place.
   */
  async reserveLease(key: string, holder: string, max: number, leaseMs: number): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [this.key(key)]);
      // leases a process that died never released
      await client.query(
        'DELETE FROM public.broker_lease WHERE key = $1 AND expires_at <= clock_timestamp()',
        [this.key(key)],
      );
      const { rows } = await client.query<{ held: number }>(
        `SELECT count(*)::int AS held FROM public.broker_lease
          WHERE key = $1 AND holder <> $2 AND expires_at > clock_timestamp()`,
        [this.key(key), holder],
      );
      const taken = (rows[0]?.held ?? 0) < max;
      if (taken) await this.lease(client, key, holder, leaseMs);
      await client.query('COMMIT');
      return taken;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async renewLease(key: string, holder: string, leaseMs: number): Promise<void> {
    await this.lease(this.pool, key, holder, leaseMs);
  }

  /** Takes or extends the holder's lease. */
  private async lease(
    db: pg.Pool | pg.PoolClient,
    key: string,
    holder: string,
    leaseMs: number,
  ): Promise<void> {
    await db.query(
      `INSERT INTO public.broker_lease (key, holder, expires_at)
       VALUES ($1, $2, clock_timestamp() + make_interval(secs => $3::float8 / 1000))
       ON CONFLICT (key, holder) DO UPDATE SET expires_at = EXCLUDED.expires_at`,
      [this.key(key), holder, leaseMs],
    );
  }

  async releaseLease(key: string, holder: string): Promise<void> {
    await this.pool.query('DELETE FROM public.broker_lease WHERE key = $1 AND holder = $2', [
      this.key(key),
      holder,
    ]);
  }

  private key(name: string): string {
    return `${this.prefix}:${name}`;
  }

  /**
   * The NOTIFY channel of a broker channel: its key, or a digest of it past
   * the 63 bytes PostgreSQL allows a channel name (a long key prefix).
   */
  private channelOf(channel: string): string {
    const key = this.key(channel);
    return Buffer.byteLength(key) <= MAX_CHANNEL_BYTES
      ? key
      : `broker_${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
  }
}
