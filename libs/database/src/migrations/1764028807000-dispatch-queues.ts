import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dispatch jobs carry their task's priority (EMERGENCY first): an outbox row
 * keeps the BullMQ priority its job is added with, where it differs from the
 * catalogue's. A member's recent assignments are found by their window
 * (fairness in matching).
 */
export class DispatchQueues1764028807000 implements MigrationInterface {
  name = 'DispatchQueues1764028807000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- BullMQ's range: 1 runs first; NULL leaves the catalogue's option
      ALTER TABLE outbox_message
        ADD COLUMN priority integer CHECK (priority BETWEEN 1 AND 2097152);
      CREATE INDEX assignment_member_window_idx ON assignment (member_id, lower(booked))
        WHERE status IN ('ACCEPTED', 'COMPLETED');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX assignment_member_window_idx;
      ALTER TABLE outbox_message DROP COLUMN priority;
    `);
  }
}
