import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A member's booked shift can change hands in two ways. A swap hands it to a
 * fellow claimant of the post, who must accept it. A release gives it back:
 * the post's other claimants get the place first, and if none can take it a
 * task for that one place goes out through dispatch, linked to the shift, so
 * the place counts as covered once somebody accepts that task.
 */
/** The notification templates after this migration (its own two last). */
const TEMPLATES = [
  'MEMBER_WELCOME',
  'TASK_OFFERED',
  'OFFER_WITHDRAWN',
  'ASSIGNMENT_CANCELLED',
  'TASK_ESCALATED_TO_LEADER',
  'TASK_ESCALATED_TO_COMMITTEE',
  'OFFER_REMINDER',
  'SHIFT_SWAP_REQUESTED',
  'SHIFT_SWAP_ANSWERED',
];

export class ShiftSwaps1764028811000 implements MigrationInterface {
  name = 'ShiftSwaps1764028811000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- A shift booking its member gave up, by releasing it or handing it
      -- over: unlike a booking withdrawn when a claim ends, the planner never
      -- books them onto that shift again, nor does dispatch offer them its refill.
      ALTER TABLE assignment DROP CONSTRAINT assignment_status_check;
      ALTER TABLE assignment ADD CONSTRAINT assignment_status_check CHECK (status IN
        ('ACCEPTED', 'WITHDRAWN', 'RELEASED', 'CANCELLED', 'NO_SHOW', 'COMPLETED'));

      CREATE TABLE shift_swap (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- the booking handed over, and to whom
        assignment_id uuid NOT NULL REFERENCES assignment (id),
        from_member_id uuid NOT NULL REFERENCES member (id),
        to_member_id uuid NOT NULL REFERENCES member (id),
        note text NOT NULL DEFAULT '' CHECK (char_length(note) <= 200),
        status text NOT NULL DEFAULT 'PENDING'
          CHECK (status IN ('PENDING', 'ACCEPTED', 'DECLINED', 'CANCELLED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        answered_at timestamptz,
        CONSTRAINT shift_swap_other CHECK (from_member_id <> to_member_id),
        CONSTRAINT shift_swap_answered CHECK ((status = 'PENDING') = (answered_at IS NULL))
      );
      -- one open request per booking at a time
      CREATE UNIQUE INDEX shift_swap_one_pending ON shift_swap (assignment_id)
        WHERE status = 'PENDING';
      CREATE INDEX shift_swap_to_idx ON shift_swap (to_member_id) WHERE status = 'PENDING';
      CREATE INDEX shift_swap_from_idx ON shift_swap (from_member_id) WHERE status = 'PENDING';

      -- A task that refills a released place of a shift: one per released booking.
      ALTER TABLE task ADD COLUMN shift_id uuid REFERENCES shift (id);
      ALTER TABLE task ADD COLUMN refills_assignment_id uuid UNIQUE REFERENCES assignment (id);
      ALTER TABLE task ADD CONSTRAINT task_refill
        CHECK ((shift_id IS NULL) = (refills_assignment_id IS NULL));
      CREATE INDEX task_shift_idx ON task (shift_id) WHERE shift_id IS NOT NULL;

      -- Who is booked on a shift: its own bookings and those of the tasks
      -- refilling its released places. Coverage, a member's shifts and the
      -- planner all count places through it.
      CREATE VIEW shift_booking AS
        SELECT a.shift_id, a.id AS assignment_id, a.member_id, a.accepted_at
          FROM assignment a
         WHERE a.shift_id IS NOT NULL AND a.status = 'ACCEPTED'
        UNION ALL
        SELECT t.shift_id, a.id, a.member_id, a.accepted_at
          FROM task t JOIN assignment a ON a.task_id = t.id AND a.status = 'ACCEPTED'
         WHERE t.shift_id IS NOT NULL;

      -- a swap request to its recipient, and its answer to the requester
      ALTER TABLE notification DROP CONSTRAINT notification_template_check;
      ALTER TABLE notification ADD CONSTRAINT notification_template_check
        CHECK (template IN (${TEMPLATES.map((t) => `'${t}'`).join(', ')}));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM notification WHERE template IN ('SHIFT_SWAP_REQUESTED', 'SHIFT_SWAP_ANSWERED');
      ALTER TABLE notification DROP CONSTRAINT notification_template_check;
      ALTER TABLE notification ADD CONSTRAINT notification_template_check
        CHECK (template IN (${TEMPLATES.slice(0, -2)
          .map((t) => `'${t}'`)
          .join(', ')}));
      DROP VIEW shift_booking;
      DROP INDEX task_shift_idx;
      ALTER TABLE task DROP CONSTRAINT task_refill;
      ALTER TABLE task DROP COLUMN refills_assignment_id;
      ALTER TABLE task DROP COLUMN shift_id;
      DROP TABLE shift_swap;
      UPDATE assignment SET status = 'WITHDRAWN' WHERE status = 'RELEASED';
      ALTER TABLE assignment DROP CONSTRAINT assignment_status_check;
      ALTER TABLE assignment ADD CONSTRAINT assignment_status_check
        CHECK (status IN ('ACCEPTED', 'WITHDRAWN', 'CANCELLED', 'NO_SHOW', 'COMPLETED'));
    `);
  }
}
