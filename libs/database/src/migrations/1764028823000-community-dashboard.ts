import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the community dashboard and the export limit read.
 *
 * A task's escalation starts again at NONE when it is dispatched anew, so
 * the dashboard's "tasks escalated" needs a mark that stays: the first time
 * anyone was told that nobody was left. Tasks escalated before this
 * migration get it from their current escalation or, if that was reset
 * since, from the escalation notices they caused.
 *
 * Its other numbers read tasks by their window and shifts' bookings of
 * every status, which get an index each.
 */
export class CommunityDashboard1764028823000 implements MigrationInterface {
  name = 'CommunityDashboard1764028823000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE task ADD COLUMN first_escalated_at timestamptz;
      UPDATE task t SET first_escalated_at = least(t.escalated_at, n.first)
        FROM (SELECT subject_id, min(created_at) AS first FROM notification
               WHERE template IN ('TASK_ESCALATED_TO_LEADER', 'TASK_ESCALATED_TO_COMMITTEE')
               GROUP BY subject_id) n
       WHERE n.subject_id = t.id;
      UPDATE task SET first_escalated_at = escalated_at
       WHERE first_escalated_at IS NULL AND escalated_at IS NOT NULL;
      -- an escalated task has a first escalation, never after its current one
      ALTER TABLE task ADD CONSTRAINT task_first_escalated
        CHECK (escalated_at IS NULL
               OR (first_escalated_at IS NOT NULL AND first_escalated_at <= escalated_at));
      CREATE INDEX task_community_starts_idx ON task (community_id, starts_at);
      -- a shift's bookings of every status, for its coverage over a past period
      CREATE INDEX assignment_shift_idx ON assignment (shift_id, status) WHERE shift_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX assignment_shift_idx;
      DROP INDEX task_community_starts_idx;
      ALTER TABLE task DROP CONSTRAINT task_first_escalated;
      ALTER TABLE task DROP COLUMN first_escalated_at;
    `);
  }
}
