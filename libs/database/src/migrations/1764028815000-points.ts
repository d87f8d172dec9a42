import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Points (积分) for verified service, in two ledgers: spendable community
 * points (COMMUNITY), redeemed for rewards the community lists (积分商城),
 * and party-appraisal points (APPRAISAL) per year, counted in the
 * democratic appraisal and never spent. The ledger is append-only; every
 * entry names its source (a verified log, its reversal, a redemption, its
 * cancellation), unique per ledger, so an award is never made twice. A
 * balance per member, community, ledger and period (0 for COMMUNITY, the
 * year for APPRAISAL) is kept in the same transaction as each entry, for
 * fast reads; a redemption takes points only while the balance covers them.
 */
export class Points1764028815000 implements MigrationInterface {
  name = 'Points1764028815000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE points_rule (
        community_id uuid PRIMARY KEY REFERENCES community (id),
        points_per_hour integer NOT NULL CHECK (points_per_hour BETWEEN 0 AND 1000),
        daily_cap integer NOT NULL CHECK (daily_cap BETWEEN 1 AND 100000),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE points_entry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES member (id),
        community_id uuid NOT NULL REFERENCES community (id),
        ledger text NOT NULL CHECK (ledger IN ('COMMUNITY', 'APPRAISAL')),
        -- 0 for the community ledger; the appraisal year for the other
        period integer NOT NULL,
        amount integer NOT NULL CHECK (amount <> 0),
        reason text NOT NULL CHECK (reason IN ('SERVICE', 'SERVICE_REVERSED', 'REDEMPTION',
          'REDEMPTION_CANCELLED')),
        source_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT points_entry_once UNIQUE (ledger, reason, source_id),
        CONSTRAINT points_entry_period CHECK ((ledger = 'COMMUNITY') = (period = 0))
      );
      CREATE INDEX points_entry_member_idx ON points_entry (member_id, created_at DESC);

      CREATE FUNCTION points_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'points entries are appended, never changed' USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER points_entry_append_only BEFORE UPDATE OR DELETE ON points_entry
        FOR EACH ROW EXECUTE FUNCTION points_entry_append_only();

      CREATE TABLE points_balance (
        member_id uuid NOT NULL REFERENCES member (id),
        community_id uuid NOT NULL REFERENCES community (id),
        ledger text NOT NULL CHECK (ledger IN ('COMMUNITY', 'APPRAISAL')),
        period integer NOT NULL,
        -- may go below zero only by a reversal of points already spent
        balance integer NOT NULL,
        PRIMARY KEY (member_id, community_id, ledger, period)
      );

      CREATE TABLE reward (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id uuid NOT NULL REFERENCES community (id),
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
        sponsor text NOT NULL DEFAULT '' CHECK (char_length(sponsor) <= 100),
        cost integer NOT NULL CHECK (cost BETWEEN 1 AND 1000000),
        stock integer NOT NULL CHECK (stock >= 0),
        valid_from date NOT NULL,
        valid_until date,
        created_at timestamptz NOT NULL,
        CONSTRAINT reward_period CHECK (valid_until IS NULL OR valid_until >= valid_from)
      );
      CREATE INDEX reward_community_idx ON reward (community_id, valid_from);

      CREATE TABLE redemption (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reward_id uuid NOT NULL REFERENCES reward (id),
        member_id uuid NOT NULL REFERENCES member (id),
        cost integer NOT NULL CHECK (cost > 0),
        -- shown at the counter; unique among the reward's open redemptions
        pickup_code text NOT NULL CHECK (pickup_code ~ '^[0-9]{8}$'),
        status text NOT NULL DEFAULT 'REDEEMED' CHECK (status IN ('REDEEMED', 'COLLECTED', 'CANCELLED')),
        created_at timestamptz NOT NULL,
        closed_at timestamptz,
        closed_by uuid REFERENCES account (id),
        CONSTRAINT redemption_closed CHECK ((status = 'REDEEMED') = (closed_at IS NULL))
      );
      CREATE UNIQUE INDEX redemption_open_code ON redemption (reward_id, pickup_code)
        WHERE status = 'REDEEMED';
      CREATE INDEX redemption_member_idx ON redemption (member_id, created_at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE redemption;
      DROP TABLE reward;
      DROP TABLE points_balance;
      DROP TABLE points_entry;
      DROP FUNCTION points_entry_append_only();
      DROP TABLE points_rule;
    `);
  }
}
