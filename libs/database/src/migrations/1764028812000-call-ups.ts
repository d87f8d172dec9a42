import type { MigrationInterface, QueryRunner } from 'typeorm';
import { notificationTemplatesCheck } from './notification-templates-check.js';

/** The notification templates after this migration: the shift swaps' and the call-up's two. */
export const CALL_UP_TEMPLATES = [
  'MEMBER_WELCOME',
  'TASK_OFFERED',
  'OFFER_WITHDRAWN',
  'ASSIGNMENT_CANCELLED',
  'TASK_ESCALATED_TO_LEADER',
  'TASK_ESCALATED_TO_COMMITTEE',
  'OFFER_REMINDER',
  'SHIFT_SWAP_REQUESTED',
  'SHIFT_SWAP_ANSWERED',
  'CALL_UP',
  'CALL_UP_REMINDER',
];

/**
 * Emergency call-ups (紧急召集): the committee, or an operator for several
 * communities at once, calls up a community's seconded members (optionally
 * its residents, optionally only those with given skills) with a message and
 * a time to answer by. The worker writes one roll-call row per member called
 * (`call_up_recipient`), with the member's unit and party group as they were
 * then, so the counts by unit and group neither drift nor need a join later;
 * each row holds that member's one answer, so however often an answer is
 * sent it is counted once. A closed call-up refuses answers: its roll-call
 * is frozen.
 *
 * Notifications gain `batch_id`: a call-up tells up to 100,000 members, and
 * one send job per message would take minutes, so such messages are sent by
 * batch (one job per few hundred), still one row each with its own status.
 */
export class CallUps1764028812000 implements MigrationInterface {
  name = 'CallUps1764028812000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE call_up (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id uuid NOT NULL REFERENCES community (id),
        message text NOT NULL CHECK (char_length(message) BETWEEN 1 AND 500),
        respond_by timestamptz NOT NULL,
        include_residents boolean NOT NULL,
        -- members with any of these skills; empty: everyone in the pool
        skills text[] NOT NULL DEFAULT '{}',
        -- unanswered members are reminded this often until respond_by; null: never
        reminder_minutes integer CHECK (reminder_minutes BETWEEN 10 AND 720),
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'CLOSED')),
        called_by uuid NOT NULL REFERENCES account (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- set by the worker once the roll-call is written and every message queued
        fanned_out_at timestamptz,
        recipients integer CHECK (recipients >= 0),
        closed_at timestamptz,
        closed_by uuid REFERENCES account (id),
        CONSTRAINT call_up_respond_by CHECK (respond_by > created_at),
        CONSTRAINT call_up_fanned_out CHECK ((fanned_out_at IS NULL) = (recipients IS NULL)),
        CONSTRAINT call_up_closed CHECK ((status = 'CLOSED') = (closed_at IS NOT NULL)
          AND (closed_at IS NULL) = (closed_by IS NULL))
      );
      CREATE INDEX call_up_community_idx ON call_up (community_id, created_at DESC);

      CREATE TABLE call_up_recipient (
        -- the subject of the member's call-up notifications
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        call_up_id uuid NOT NULL REFERENCES call_up (id),
        member_id uuid NOT NULL REFERENCES member (id),
        kind text NOT NULL CHECK (kind IN ('RESIDENT', 'SECONDED')),
        -- as they were when the call went out
        unit_id uuid REFERENCES unit (id),
        party_group_id uuid REFERENCES party_group (id),
        answer text CHECK (answer IN ('AVAILABLE', 'UNAVAILABLE')),
        arrive_at timestamptz,
        answered_at timestamptz,
        CONSTRAINT call_up_recipient_once UNIQUE (call_up_id, member_id),
        CONSTRAINT call_up_recipient_answer CHECK ((answer IS NULL) = (answered_at IS NULL)
          AND (answer = 'AVAILABLE') = (arrive_at IS NOT NULL))
      );
      CREATE INDEX call_up_recipient_answer_idx ON call_up_recipient (call_up_id, answer);
      CREATE INDEX call_up_recipient_member_idx ON call_up_recipient (member_id);

      ALTER TABLE notification ADD COLUMN batch_id uuid;
      CREATE INDEX notification_batch_idx ON notification (batch_id) WHERE batch_id IS NOT NULL;
      ${notificationTemplatesCheck(CALL_UP_TEMPLATES)}
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM notification WHERE template IN ('CALL_UP', 'CALL_UP_REMINDER');
      ${notificationTemplatesCheck(CALL_UP_TEMPLATES.slice(0, -2))}
      DROP INDEX notification_batch_idx;
      ALTER TABLE notification DROP COLUMN batch_id;
      DROP TABLE call_up_recipient;
      DROP TABLE call_up;
    `);
  }
}
