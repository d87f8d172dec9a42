import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Photos a member uploads for their duty logs. The row comes first, when
 * the app asks for an upload link (the type and size it declares); the
 * file follows through that link and is stored once, its location
 * removed, when `stored_at` is set. A log names its photos in
 * `duty_log_photo`, fixed like the log itself: a decided log's evidence
 * never changes. A photo is evidence of one service: the logs of one
 * lineage (a log and its corrections) may share it, no others. Photos
 * never attached are swept once a log could no longer be submitted.
 */
export class Photos1764028818000 implements MigrationInterface {
  name = 'Photos1764028818000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE photo (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES member (id),
        content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/heic')),
        declared_bytes integer NOT NULL CHECK (declared_bytes > 0),
        requested_at timestamptz NOT NULL,
        -- set once, when the checked file is in storage (under a key of its
        -- own upload, so that a second upload racing it never mixes files)
        stored_at timestamptz,
        bytes integer CHECK (bytes > 0),
        storage_key text UNIQUE,
        CONSTRAINT photo_stored CHECK (num_nulls(stored_at, bytes, storage_key) IN (0, 3))
      );
      CREATE INDEX photo_member_idx ON photo (member_id, requested_at DESC);

      CREATE TABLE duty_log_photo (
        duty_log_id uuid NOT NULL REFERENCES duty_log (id),
        photo_id uuid NOT NULL REFERENCES photo (id),
        position smallint NOT NULL CHECK (position BETWEEN 0 AND 8),
        PRIMARY KEY (duty_log_id, photo_id),
        UNIQUE (duty_log_id, position)
      );
      CREATE INDEX duty_log_photo_photo_idx ON duty_log_photo (photo_id);

      CREATE FUNCTION duty_log_photo_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a duty log''s photos are fixed' USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER duty_log_photo_fixed BEFORE UPDATE OR DELETE ON duty_log_photo
        FOR EACH ROW EXECUTE FUNCTION duty_log_photo_fixed();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE duty_log_photo;
      DROP FUNCTION duty_log_photo_fixed();
      DROP TABLE photo;
    `);
  }
}
