import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A seconded member serves only where their report-in is ACTIVE: when it
 * ends, the offers still open to them in that community are withdrawn, like
 * their groups and squads there (the organisation migration's trigger), so
 * they cannot accept work they may no longer do. Whatever path ends the
 * secondment (leaving, a transfer, the end of a batch or of a pairing), the
 * database does it in the same transaction.
 */
export class SecondmentEndOffers1764028809500 implements MigrationInterface {
  name = 'SecondmentEndOffers1764028809500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION secondment_end_offers() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE task_offer o SET status = 'WITHDRAWN', answered_at = now()
          FROM task t
         WHERE o.task_id = t.id AND t.community_id = NEW.community_id
           AND o.member_id = NEW.member_id AND o.status = 'PENDING';
        RETURN NEW;
      END $$;
      CREATE TRIGGER secondment_ended_offers AFTER UPDATE OF status ON secondment
        FOR EACH ROW WHEN (OLD.status = 'ACTIVE' AND NEW.status = 'ENDED')
        EXECUTE FUNCTION secondment_end_offers();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER secondment_ended_offers ON secondment;
      DROP FUNCTION secondment_end_offers();
    `);
  }
}
