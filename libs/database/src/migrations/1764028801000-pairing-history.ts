import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pairing history: ending a unit–community pairing (对口联系) keeps its row
 * with the instant it ended. The row stays because rotation batches point at
 * it by its composite key, and because the committee and the unit may still
 * read with whom they were paired and until when. An ended pairing grants no
 * visibility and no eligibility; re-pairing reopens the row.
 */
export class PairingHistory1764028801000 implements MigrationInterface {
  name = 'PairingHistory1764028801000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE unit_community_pairing
        ADD COLUMN ended_at timestamptz,
        ADD CONSTRAINT unit_community_pairing_period CHECK (ended_at IS NULL OR ended_at >= paired_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // Dropping the column would silently make every ended pairing current
    // again, and with it re-grant the committee sight of that unit's members.
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM unit_community_pairing WHERE ended_at IS NOT NULL) THEN
          RAISE EXCEPTION 'ended pairings exist; reverting would make them current again';
        END IF;
      END $$;
      ALTER TABLE unit_community_pairing
        DROP CONSTRAINT unit_community_pairing_period,
        DROP COLUMN ended_at;
    `);
  }
}
