import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Announces committed outbox rows on the change feed (`outbox:`), so the
 * worker's relay moves a job to BullMQ as soon as its transaction commits
 * instead of at its next poll. One notification per statement: PostgreSQL
 * folds identical notifications of a transaction into one, and the relay
 * reads every pending row anyway.
 */
export class OutboxAnnounced1764028808000 implements MigrationInterface {
  name = 'OutboxAnnounced1764028808000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('vanguard_changes', 'outbox:');
        RETURN NULL;
      END $$;
      CREATE TRIGGER outbox_message_announced AFTER INSERT ON outbox_message
        FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER outbox_message_announced ON outbox_message;
      DROP FUNCTION notify_outbox();
    `);
  }
}
