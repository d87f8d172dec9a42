import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The counters of the PostgreSQL broker (QUEUE_BACKEND=postgres, for a
 * machine without Redis): rate-limit windows and live-connection leases.
 * Unlogged: they are written on every login and every live connection,
 * and nothing in them needs to survive a crash (a window or a lease lost
 * starts again). On Redis they are keys of their own, and these tables stay
 * empty.
 */
export class BrokerTables1764028824000 implements MigrationInterface {
  name = 'BrokerTables1764028824000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE broker_window (
        key text PRIMARY KEY,
        count integer NOT NULL CHECK (count > 0),
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX broker_window_expiry_idx ON broker_window (expires_at);
      CREATE UNLOGGED TABLE broker_lease (
        key text NOT NULL,
        holder text NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (key, holder)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE broker_lease; DROP TABLE broker_window');
  }
}
