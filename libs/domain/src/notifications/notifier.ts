import { Injectable } from '@nestjs/common';
import { Clock } from '#core';
import { sql, UnitOfWork, type Sql } from '#database';
import { LiveEvents } from '#domain/live';
import { JOBS, Outbox } from '#queue';
import {
  notificationSendKey,
  type NotificationRecipient,
  type NotificationTemplate,
} from './notification-template.js';

export interface NotifyInput {
  readonly template: NotificationTemplate;
  readonly recipient: NotificationRecipient;
  /** The task, offer, assignment or member the text is built from when it is sent. */
  readonly subjectId: string;
  /** Unique per message, e.g. `offer:<offerId>`: a second notify with it writes nothing. */
  readonly key: string;
  /**
   * Send no sooner than this (a reminder): the text is rendered, and the
   * message skipped if the subject no longer calls for it, when it is due.
   */
  readonly delayMs?: number;
}

export interface BroadcastInput {
  readonly template: NotificationTemplate;
  /**
   * A query giving one row per member to tell: `member_id`, `subject_id`
   * (what the text is built from) and `key` (unique per message, as for
   * notify), for tens of thousands of members without their ids passing
   * through the process.
   */
  readonly recipients: Sql;
  /**
   * Names the broadcast (`call-up:<id>`): its batches' ids derive from it,
   * so a replay makes the same batches (and, its keys taken, no message).
   */
  readonly name: string;
}

/**
 * Messages per batch of a broadcast, sent by one job: large enough that
 * 100,000 members are 200 jobs, small enough that a failing gateway holds
 * up few messages and a batch's row locks are short.
 */
export const BROADCAST_BATCH = 500;

/**
 * The producer port of notifications, for any process (the API accepts,
 * declines and claims; the worker dispatches). It writes the notification
 * and its send job in the caller's transaction, so the message exists if and
 * only if the change that warrants it committed; the worker sends it.
 */
@Injectable()
export class Notifier {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly live: LiveEvents,
  ) {}

  /**
   * Must run inside UnitOfWork.run. Idempotent per `key`: a replayed job or
   * a repeated call writes no second message (a concurrent one waits for
   * the first to commit, then finds its key).
   */
  async notify(input: NotifyInput): Promise<void> {
    await this.notifyMany([input]);
  }

  /** Several messages in one statement, and their send jobs in one more; each idempotent per key. */
  async notifyMany(inputs: readonly NotifyInput[]): Promise<void> {
    if (!this.uow.inTransaction) throw new Error('Notifier.notify must run inside UnitOfWork.run');
    if (inputs.length === 0) return;
    const created = await this.uow.query<{ id: string; key: string }>(
      sql`INSERT INTO notification (template, member_id, community_id, subject_id, key, created_at)
          SELECT n.template, n.member_id, n.community_id, n.subject_id, n.key, ${this.clock.now()}
            FROM unnest(${inputs.map((i) => i.template)}::text[],
                        ${inputs.map((i) => ('memberId' in i.recipient ? i.recipient.memberId : null))}::uuid[],
                        ${inputs.map((i) =>
                          'committeeOfCommunityId' in i.recipient
                            ? i.recipient.committeeOfCommunityId
                            : null,
                        )}::uuid[],
                        ${inputs.map((i) => i.subjectId)}::uuid[],
                        ${inputs.map((i) => i.key)}::text[])
                 AS n (template, member_id, community_id, subject_id, key)
          ON CONFLICT (key) DO NOTHING RETURNING id, key`,
    );
    const byKey = new Map(inputs.map((i) => [i.key, i]));
    await this.outbox.enqueueMany(
      JOBS.notificationSend,
      created.map(({ id, key }) => ({
        payload: { notificationId: id, idempotencyKey: notificationSendKey(id) },
        delayMs: byKey.get(key)?.delayMs ?? 0,
      })),
    );
    // A member's app hears at once what the SMS will say (a reminder when it is due).
    for (const { key } of created) {
      const input = byKey.get(key);
      if (input && 'memberId' in input.recipient && !input.delayMs) {
        this.live.told(input.recipient.memberId, input.template, input.subjectId);
      }
    }
  }

  /**
   * The same message to many members (a call-up), sent by batches of
   * BROADCAST_BATCH: one statement writes every notification, and one send
   * job goes out per batch. Must run inside UnitOfWork.run; idempotent per
   * key like notify. Returns how many notifications it wrote.
   */
  async broadcast(input: BroadcastInput): Promise<number> {
    if (!this.uow.inTransaction)
      throw new Error('Notifier.broadcast must run inside UnitOfWork.run');
    const batches = await this.uow.query<{ batchId: string; size: number }>(sql`
      WITH created AS (
        INSERT INTO notification (template, member_id, subject_id, key, batch_id, created_at)
        SELECT ${input.template}, r.member_id, r.subject_id, r.key,
               md5(${input.name} || ':' ||
                   ((row_number() OVER (ORDER BY r.key) - 1) / ${BROADCAST_BATCH}))::uuid,
               ${this.clock.now()}
          FROM (${input.recipients}) r
        ON CONFLICT (key) DO NOTHING
        RETURNING batch_id)
      SELECT batch_id AS "batchId", count(*)::int AS size FROM created GROUP BY batch_id`);
    await this.outbox.enqueueMany(
      JOBS.notificationSendBatch,
      batches.map(({ batchId }) => ({
        payload: { batchId, idempotencyKey: `notification-batch:${batchId}` },
      })),
    );
    return batches.reduce((sum, batch) => sum + batch.size, 0);
  }
}
