import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The job catalogue: an outbox row carries the deterministic BullMQ job id of
 * a job that belongs to one entity, and the id of the request that caused
 * it. Relayed rows are pruned by age, so their relay time is indexed.
 */
export class OutboxCatalogue1764028804000 implements MigrationInterface {
  name = 'OutboxCatalogue1764028804000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outbox_message
        ADD COLUMN job_key text CHECK (job_key ~ '^[A-Za-z][A-Za-z0-9._-]{0,199}$'),
        ADD COLUMN request_id text CHECK (char_length(request_id) <= 64);
      CREATE INDEX outbox_message_relayed_idx ON outbox_message (relayed_at)
        WHERE relayed_at IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX outbox_message_relayed_idx;
      ALTER TABLE outbox_message DROP COLUMN request_id, DROP COLUMN job_key;
    `);
  }
}
