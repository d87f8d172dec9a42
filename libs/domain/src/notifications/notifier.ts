import { Injectable } from '@nestjs/common';
import { Clock } from '#core';
import { sql, UnitOfWork } from '#database';
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
    const delays = new Map(inputs.map((i) => [i.key, i.delayMs ?? 0]));
    await this.outbox.enqueueMany(
      JOBS.notificationSend,
      created.map(({ id, key }) => ({
        payload: { notificationId: id, idempotencyKey: notificationSendKey(id) },
        delayMs: delays.get(key) ?? 0,
      })),
    );
  }
}
