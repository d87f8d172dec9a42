import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Check-in and check-out for a task or shift booking: when, and how far
 * from the task's or post's coordinates (if it has any), each time. The
 * check-out writes the duty log (source CHECK_IN) and links it here, so the
 * evidence stays with the log. Coordinates are personal data: kept here,
 * never logged.
 */
export class CheckIns1764028817000 implements MigrationInterface {
  name = 'CheckIns1764028817000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE check_in (
        assignment_id uuid PRIMARY KEY REFERENCES assignment (id),
        member_id uuid NOT NULL REFERENCES member (id),
        checked_in_at timestamptz NOT NULL,
        in_latitude double precision CHECK (in_latitude BETWEEN -90 AND 90),
        in_longitude double precision CHECK (in_longitude BETWEEN -180 AND 180),
        -- metres from the place's coordinates; null when the place has none
        in_distance_m integer CHECK (in_distance_m >= 0),
        checked_out_at timestamptz,
        out_latitude double precision CHECK (out_latitude BETWEEN -90 AND 90),
        out_longitude double precision CHECK (out_longitude BETWEEN -180 AND 180),
        out_distance_m integer CHECK (out_distance_m >= 0),
        duty_log_id uuid UNIQUE REFERENCES duty_log (id),
        CONSTRAINT check_in_out CHECK ((checked_out_at IS NULL) = (duty_log_id IS NULL)),
        CONSTRAINT check_in_order CHECK (checked_out_at IS NULL OR checked_out_at > checked_in_at)
      );
      CREATE INDEX check_in_member_idx ON check_in (member_id, checked_in_at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE check_in');
  }
}
