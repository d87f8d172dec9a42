import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications through channels: one `notification` row per message the
 * system means to send (an offer, a withdrawal, an escalation, a reminder, a
 * welcome), written with its send job in the transaction that caused it and
 * unique per idempotency key, so a replayed cause writes no second message.
 * The row holds ids only: the text is rendered and the phone decrypted when
 * it is sent, and `last_error_code` is a code, never a gateway's reply (which
 * could quote the number). It replaces `notification_delivery`, the proof
 * of sent welcomes, whose rows become SENT welcomes; welcomes still waiting
 * in the outbox become notifications with their send job, so none is lost.
 */
export class NotificationChannels1764028806500 implements MigrationInterface {
  name = 'NotificationChannels1764028806500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        template text NOT NULL CHECK (template IN ('MEMBER_WELCOME', 'TASK_OFFERED',
          'OFFER_WITHDRAWN', 'ASSIGNMENT_CANCELLED', 'TASK_ESCALATED_TO_LEADER',
          'TASK_ESCALATED_TO_COMMITTEE', 'OFFER_REMINDER')),
        -- a member, or the committee of a community: exactly one
        member_id uuid REFERENCES member (id),
        community_id uuid REFERENCES community (id),
        -- the task, offer, assignment or member the text is built from
        subject_id uuid NOT NULL,
        key text NOT NULL UNIQUE CHECK (char_length(key) BETWEEN 1 AND 200),
        -- SKIPPED: nothing went out because the subject no longer called for it
        status text NOT NULL DEFAULT 'PENDING'
          CHECK (status IN ('PENDING', 'SENT', 'SKIPPED', 'DEAD')),
        -- failed attempts since it was last (re)queued
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error_code text CHECK (last_error_code ~ '^[A-Z][A-Z0-9_]{0,63}$'),
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        channel text CHECK (channel IN ('LOG', 'WEBHOOK')),
        CONSTRAINT notification_one_recipient CHECK ((member_id IS NULL) <> (community_id IS NULL)),
        CONSTRAINT notification_sent CHECK ((status = 'SENT') = (sent_at IS NOT NULL)
          AND (status = 'SENT') = (channel IS NOT NULL))
      );
      CREATE INDEX notification_dead_idx ON notification (created_at DESC, id) WHERE status = 'DEAD';
      CREATE INDEX notification_member_idx ON notification (member_id) WHERE member_id IS NOT NULL;

      -- Welcomes sent before: the development gateway only logged them.
      INSERT INTO notification (template, member_id, subject_id, key, status, created_at, sent_at, channel)
        SELECT 'MEMBER_WELCOME', member_id, member_id, idempotency_key, 'SENT', sent_at, sent_at, 'LOG'
          FROM notification_delivery;
      DROP TABLE notification_delivery;

      -- Welcomes not yet relayed: each becomes a notification, its outbox row the send job.
      WITH pending AS (
        SELECT id AS outbox_id, (payload ->> 'memberId')::uuid AS member_id,
               payload ->> 'idempotencyKey' AS key
          FROM outbox_message WHERE job_name = 'member.welcome' AND relayed_at IS NULL
      ), created AS (
        INSERT INTO notification (template, member_id, subject_id, key)
          SELECT 'MEMBER_WELCOME', p.member_id, p.member_id, p.key
            FROM pending p JOIN member m ON m.id = p.member_id
          ON CONFLICT (key) DO NOTHING
          RETURNING id, key
      )
      UPDATE outbox_message o
         SET job_name = 'notification.send',
             payload = jsonb_build_object('notificationId', c.id,
                                          'idempotencyKey', 'notification:' || c.id)
        FROM pending p JOIN created c ON c.key = p.key
       WHERE o.id = p.outbox_id;
      DELETE FROM outbox_message WHERE job_name = 'member.welcome' AND relayed_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_delivery (
        idempotency_key text PRIMARY KEY,
        member_id uuid NOT NULL REFERENCES member (id),
        channel text NOT NULL CHECK (channel IN ('SMS')),
        template text NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO notification_delivery (idempotency_key, member_id, channel, template, sent_at)
        SELECT key, member_id, 'SMS', 'member.welcome', sent_at FROM notification
         WHERE template = 'MEMBER_WELCOME' AND status = 'SENT';
      DROP TABLE notification;
    `);
  }
}
