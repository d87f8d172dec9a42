import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Duty posts (岗位): a recurring duty of a community with a weekly schedule,
 * claimed (认领) by members with a written commitment, and its shifts,
 * generated ahead. A shift books its members in `assignment`, like a task:
 * the same exclusion constraint keeps a member from holding a shift and a
 * task (or two shifts) at once, whoever books first.
 */
export class Posts1764028810000 implements MigrationInterface {
  name = 'Posts1764028810000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE post (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id uuid NOT NULL REFERENCES community (id),
        courtyard_id uuid NOT NULL,
        task_type_id uuid NOT NULL REFERENCES task_type (id),
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
        description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
        headcount int NOT NULL CHECK (headcount BETWEEN 1 AND 200),
        -- the period, as dates in the community's time zone; open-ended without an end
        starts_on date NOT NULL,
        ends_on date,
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'RETIRED')),
        created_by uuid REFERENCES account (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz,
        FOREIGN KEY (community_id, courtyard_id) REFERENCES courtyard (community_id, id),
        CONSTRAINT post_period CHECK (ends_on IS NULL OR ends_on >= starts_on),
        CONSTRAINT post_coordinates CHECK ((latitude IS NULL) = (longitude IS NULL)),
        CONSTRAINT post_retired CHECK ((status = 'RETIRED') = (retired_at IS NOT NULL))
      );
      CREATE INDEX post_community_idx ON post (community_id, status);

      -- One weekly slot of a post: a weekday (ISO, 1 = Monday), a local start
      -- time and a length (it may run past midnight, as night patrols do).
      CREATE TABLE post_slot (
        post_id uuid NOT NULL REFERENCES post (id) ON DELETE CASCADE,
        weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        starts_at time NOT NULL,
        minutes int NOT NULL CHECK (minutes BETWEEN 15 AND 720),
        PRIMARY KEY (post_id, weekday, starts_at)
      );

      CREATE TABLE post_claim (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        post_id uuid NOT NULL REFERENCES post (id),
        member_id uuid NOT NULL REFERENCES member (id),
        shifts_per_month int NOT NULL CHECK (shifts_per_month BETWEEN 1 AND 62),
        until date NOT NULL,
        commitment text NOT NULL CHECK (char_length(commitment) BETWEEN 1 AND 500),
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'ENDED')),
        claimed_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        CONSTRAINT post_claim_ended CHECK ((status = 'ENDED') = (ended_at IS NOT NULL))
      );
      CREATE UNIQUE INDEX post_claim_one_active ON post_claim (post_id, member_id)
        WHERE status = 'ACTIVE';
      CREATE INDEX post_claim_member_idx ON post_claim (member_id) WHERE status = 'ACTIVE';

      CREATE TABLE shift (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        post_id uuid NOT NULL REFERENCES post (id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        headcount int NOT NULL CHECK (headcount BETWEEN 1 AND 200),
        status text NOT NULL DEFAULT 'SCHEDULED' CHECK (status IN ('SCHEDULED', 'CANCELLED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT shift_window CHECK (ends_at > starts_at),
        -- generating twice creates nothing new
        CONSTRAINT shift_once UNIQUE (post_id, starts_at)
      );
      CREATE INDEX shift_starts_idx ON shift (starts_at);

      ALTER TABLE assignment ALTER COLUMN task_id DROP NOT NULL;
      ALTER TABLE assignment ADD COLUMN shift_id uuid REFERENCES shift (id);
      ALTER TABLE assignment DROP CONSTRAINT assignment_source_check;
      ALTER TABLE assignment ADD CONSTRAINT assignment_source_check
        CHECK (source IN ('OFFER', 'CLAIM', 'POST'));
      ALTER TABLE assignment ADD CONSTRAINT assignment_booked_for
        CHECK ((task_id IS NULL) <> (shift_id IS NULL));
      ALTER TABLE assignment ADD CONSTRAINT assignment_post_source
        CHECK ((source = 'POST') = (shift_id IS NOT NULL));
      CREATE UNIQUE INDEX assignment_one_live_per_shift ON assignment (shift_id, member_id)
        WHERE status = 'ACCEPTED';

      -- A seconded member whose report-in ends no longer serves there: their
      -- claims on the community's posts end, and their shifts not yet begun
      -- are freed (withdrawn), in the same transaction, like their offers.
      CREATE FUNCTION secondment_end_posts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE post_claim c SET status = 'ENDED', ended_at = now()
          FROM post p
         WHERE c.post_id = p.id AND p.community_id = NEW.community_id
           AND c.member_id = NEW.member_id AND c.status = 'ACTIVE';
        UPDATE assignment a SET status = 'WITHDRAWN', ended_at = now()
          FROM shift s JOIN post p ON p.id = s.post_id
         WHERE a.shift_id = s.id AND p.community_id = NEW.community_id
           AND a.member_id = NEW.member_id AND a.status = 'ACCEPTED' AND s.starts_at > now();
        RETURN NEW;
      END $$;
      CREATE TRIGGER secondment_ended_posts AFTER UPDATE OF status ON secondment
        FOR EACH ROW WHEN (OLD.status = 'ACTIVE' AND NEW.status = 'ENDED')
        EXECUTE FUNCTION secondment_end_posts();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER secondment_ended_posts ON secondment;
      DROP FUNCTION secondment_end_posts();
      DELETE FROM assignment WHERE shift_id IS NOT NULL;
      DROP INDEX assignment_one_live_per_shift;
      ALTER TABLE assignment DROP CONSTRAINT assignment_post_source;
      ALTER TABLE assignment DROP CONSTRAINT assignment_booked_for;
      ALTER TABLE assignment DROP CONSTRAINT assignment_source_check;
      ALTER TABLE assignment ADD CONSTRAINT assignment_source_check
        CHECK (source IN ('OFFER', 'CLAIM'));
      ALTER TABLE assignment DROP COLUMN shift_id;
      ALTER TABLE assignment ALTER COLUMN task_id SET NOT NULL;
      DROP TABLE shift;
      DROP TABLE post_claim;
      DROP TABLE post_slot;
      DROP TABLE post;
    `);
  }
}
