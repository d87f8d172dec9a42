import { afterAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { QueryRunner } from 'typeorm';
import { testConfig } from '#testing';
import { databaseOf, onDatabase, withClient } from '../database-admin.js';
import { migrateDatabase } from '../migrate.js';
import { NotificationChannels1764028806500 } from './1764028806500-notification-channels.js';

/**
 * The move from notification_delivery to notification, on a database of its
 * own: welcomes already sent stay sent (no member is welcomed twice), and
 * welcomes still in the outbox become notifications with their send job.
 */
describe('migration to notification channels', () => {
  const config = testConfig();
  const adminUrl = config.database.adminUrl!;
  const name = `${databaseOf(adminUrl)}_notifications`;
  const scratch = testConfig({
    DATABASE_URL: onDatabase(config.database.url, name),
    DATABASE_OWNER_URL: onDatabase(config.database.ownerUrl, name),
  });
  const migration = new NotificationChannels1764028806500();
  const runner = (client: pg.Client) =>
    ({ query: (text: string) => client.query(text) }) as unknown as QueryRunner;

  afterAll(async () => {
    await withClient(adminUrl, (admin) =>
      admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    );
  });

  it('keeps sent welcomes sent and turns queued ones into notifications with their job', async () => {
    await migrateDatabase(scratch);
    await withClient(scratch.database.ownerUrl, async (owner) => {
      // back to the schema before it, with a sent welcome and queued ones
      await migration.down(runner(owner));
      const {
        rows: [community],
      } = await owner.query<{ id: string }>(
        `INSERT INTO community (name) VALUES ('测试社区') RETURNING id`,
      );
      const member = async () => {
        const { rows } = await owner.query<{ id: string }>(
          `INSERT INTO member (kind, name, gender, birth_date, phone_cipher, phone_hash,
             id_number_cipher, id_number_hash, residence_community_id, physical_condition)
           VALUES ('RESIDENT', '测试', 'MALE', '1960-01-01', '\\x01', $1, '\\x02', $2, $3, 'GOOD')
           RETURNING id`,
          [Buffer.from(randomUUID()), Buffer.from(randomUUID()), community!.id],
        );
        return rows[0]!.id;
      };
      const [sent, queued, gone] = [await member(), await member(), randomUUID()];
      await owner.query(
        `INSERT INTO notification_delivery (idempotency_key, member_id, channel, template)
         VALUES ('member-welcome:' || $1, $1::uuid, 'SMS', 'member.welcome')`,
        [sent],
      );
      for (const memberId of [sent, queued, gone]) {
        await owner.query(
          `INSERT INTO outbox_message (queue, job_name, payload)
           VALUES ('notifications', 'member.welcome',
                   jsonb_build_object('memberId', $1::text, 'idempotencyKey', 'member-welcome:' || $1::text))`,
          [memberId],
        );
      }

      await migration.up(runner(owner));

      const { rows: notifications } = await owner.query<{
        id: string;
        memberId: string;
        status: string;
        channel: string | null;
        key: string;
      }>(
        `SELECT id, member_id AS "memberId", status, channel, key FROM notification
          ORDER BY status DESC`,
      );
      expect(notifications).toEqual([
        expect.objectContaining({ memberId: sent, status: 'SENT', channel: 'LOG' }),
        expect.objectContaining({
          memberId: queued,
          status: 'PENDING',
          channel: null,
          key: `member-welcome:${queued}`,
        }),
      ]);
      const { rows: jobs } = await owner.query<{ jobName: string; payload: unknown }>(
        `SELECT job_name AS "jobName", payload FROM outbox_message WHERE relayed_at IS NULL`,
      );
      const pending = notifications[1]!.id;
      expect(jobs).toEqual([
        {
          jobName: 'notification.send',
          payload: { notificationId: pending, idempotencyKey: `notification:${pending}` },
        },
      ]);
      const { rows: tables } = await owner.query(
        `SELECT 1 FROM pg_tables WHERE tablename = 'notification_delivery'`,
      );
      expect(tables).toEqual([]);
    });
  });
});
