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
import { ChannelListeners } from './channel-listeners.js';

/** Connections the producers of one process share (adds and reads are single statements). */
const PRODUCER_POOL = 4;
/** How long the LISTEN connection waits before connecting again after losing the server. */
const RELISTEN_MS = 1_000;
/** Idle time before TCP keepalive probes the LISTEN connection (BullMQ's own is 10 s too). */
const KEEPALIVE_MS = 10_000;
/** PostgreSQL's longest identifier, a NOTIFY channel's name. */
const MAX_CHANNEL_BYTES = 63;
/** How long a rate-limit count may take before its caller gives up on it (as on Redis). */
const FAIL_FAST_MS = 1_000;
/** How often lapsed rate-limit windows and leases are swept (Redis expires its keys by itself). */
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
 * pool, sized to its concurrency, and BullMQ's own LISTEN connection. BullMQ
 * ignores a key prefix here: the schema is its namespace, and the database
 * (one per test suite) keeps runs apart.
 */
export class PostgresBroker extends Broker {
  readonly backend = 'postgres' as const;
  private readonly pool: pg.Pool;
  /** The rate-limit windows' own: a login must not wait on a stalled database (its caller fails open). */
  private readonly counters: pg.Pool;
  private listener: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private reconnecting: NodeJS.Timeout | undefined;
  private readonly listeners = new ChannelListeners();
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
    this.counters = new pg.Pool({
      connectionString: url,
      max: 2,
      connectionTimeoutMillis: FAIL_FAST_MS,
      query_timeout: FAIL_FAST_MS,
    });
    // an idle connection the server dropped: the pool replaces it
    for (const pool of [this.pool, this.counters]) {
      pool.on('error', (error) => {
        this.logger.warn({ err: error }, 'broker connection lost');
      });
    }
  }

  async start(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await assertSchemaCompatibility(client, BULLMQ_SCHEMA);
    } catch (error) {
      if (error instanceof SchemaMigrationRequiredError) {
        throw new Error(
          `BullMQ's tables are missing from the database (schema ${BULLMQ_SCHEMA}): run the migrate command`,
        );
      }
      throw error;
    } finally {
      client.release();
    }
    this.sweeper = setInterval(() => {
      this.pool
        .query(
          `WITH windows AS (DELETE FROM public.broker_window WHERE expires_at < clock_timestamp())
           DELETE FROM public.broker_lease WHERE expires_at < clock_timestamp()`,
        )
        .catch((error: unknown) => {
          this.logger.warn({ err: error }, 'lapsed windows and leases not swept');
        });
    }, SWEEP_MS).unref();
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.sweeper);
    clearTimeout(this.reconnecting);
    await this.connecting?.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
    await Promise.all([this.pool.end(), this.counters.end()]);
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
          // as many as jobs may finish at once, and one for BullMQ's own polling
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
    const first = this.listeners.add(key, { onMessage, onGap });
    // while the connection is being made again, it will listen to this channel too
    if (this.reconnecting) return;
    if (!this.listener) await this.connectListener(false);
    else if (first) await this.listener.query(`LISTEN ${pg.escapeIdentifier(key)}`);
  }

  /** Opens the LISTEN connection, one attempt at a time (a second caller waits for the first). */
  private connectListener(again: boolean): Promise<void> {
    this.connecting ??= this.openListener(again).finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  /**
   * A connection listening to every channel subscribed to. Once it is up, a
   * loss (an error, or the server ending it) schedules one new attempt, and
   * each listener is told of the gap once it is back; a failed attempt
   * schedules the next, and nothing else does.
   */
  private async openListener(again: boolean): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      // a silently dropped connection shows within a minute, not the OS's two hours
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_MS,
    });
    client.on('notification', ({ channel, payload }) => {
      this.listeners.deliver(channel, payload ?? '');
    });
    client.on('error', () => undefined); // reported by the connect below, or by `lost`
    try {
      await client.connect();
      for (const key of this.listeners.channels()) {
        await client.query(`LISTEN ${pg.escapeIdentifier(key)}`);
      }
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    let gone = false;
    const lost = (error?: Error) => {
      if (gone) return;
      gone = true;
      if (this.listener === client) this.listener = undefined;
      if (this.closing) return;
      this.logger.warn({ err: error }, 'live events connection lost');
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => {
      lost();
    });
    this.listener = client;
    if (again) this.listeners.gap();
  }

  private scheduleReconnect(): void {
    if (this.closing || this.reconnecting) return;
    this.reconnecting = setTimeout(() => {
      this.connectListener(true)
        .then(() => {
          this.reconnecting = undefined;
        })
        .catch((error: unknown) => {
          this.logger.warn({ err: error }, 'live events connection not back yet');
          this.reconnecting = undefined;
          this.scheduleReconnect();
        });
    }, RELISTEN_MS);
    this.reconnecting.unref();
  }

  /** The window's row, counted up or started again once expired, in one statement. */
  async countCall(key: string, windowMs: number): Promise<WindowCount> {
    const { rows } = await this.counters.query<WindowCount>(
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
