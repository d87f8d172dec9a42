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
    if (!this.uow.inTransaction) throw new Error('Notifier.notify must run inside UnitOfWork.run');
    const memberId = 'memberId' in input.recipient ? input.recipient.memberId : null;
    const communityId =
      'committeeOfCommunityId' in input.recipient ? input.recipient.committeeOfCommunityId : null;
    const [created] = await this.uow.query<{ id: string }>(
      sql`INSERT INTO notification (template, member_id, community_id, subject_id, key, created_at)
          VALUES (${input.template}, ${memberId}::uuid, ${communityId}::uuid, ${input.subjectId},
                  ${input.key}, ${this.clock.now()})
          ON CONFLICT (key) DO NOTHING RETURNING id`,
    );
    if (!created) return;
    await this.outbox.enqueue(JOBS.notificationSend, {
      notificationId: created.id,
      idempotencyKey: notificationSendKey(created.id),
    });
  }
}
