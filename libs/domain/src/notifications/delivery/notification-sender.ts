import { Injectable } from '@nestjs/common';
import { Clock } from '#core';
import { sql, UnitOfWork, type Sql } from '#database';
import { MemberRecords, ruleCheck } from '#domain/members';
import type { NotificationTemplate } from '../notification-template.js';
import {
  NotificationChannel,
  NotificationDeliveryError,
  type ChannelRecipient,
} from './notification-channel.js';
import { NotificationTexts, type Rendering } from './notification-texts.js';

/** Whoever the system notifies is told on the phone they registered, whoever caused it. */
const DELIVERY = ruleCheck('the phone of a member the system notifies');

/**
 * Messages of one batch handed to the channel at once: a webhook gateway
 * answers each in tens of milliseconds, and one at a time a batch of a few
 * hundred would take seconds; more at once would only queue at the gateway.
 */
const IN_FLIGHT = 16;

export interface PendingNotification {
  readonly id: string;
  readonly template: NotificationTemplate;
  readonly memberId: string | null;
  readonly communityId: string | null;
  readonly subjectId: string;
}

/** What became of each notification of a send, written back in one statement per outcome. */
interface Outcomes {
  readonly sent: string[];
  readonly skipped: string[];
  /** Failed for good: the subject or the member names nothing. */
  readonly dead: string[];
  readonly failed: { readonly id: string; readonly code: string }[];
}

/**
 * Sends notifications: one (a `notification.send` job) or a batch (a
 * `notification.send-batch` job, a call-up's few hundred). The rows are
 * locked for the whole send, so a duplicate job waits, then finds them no
 * longer PENDING and sends nothing; a retried job after success does the
 * same. Texts are rendered and phones decrypted here, handed to the channel
 * and kept nowhere else. Each row is marked in the transaction that sent
 * it: a crash between the gateway's answer and the commit sends the message
 * again on retry, which for a notice is the right side to err on.
 *
 * A message the channel refuses is counted on its row with a code, the
 * others of its batch are marked sent, and the job then throws, so BullMQ
 * retries the refused ones only, with the catalogue's backoff; the job's
 * last attempt leaves them DEAD: dead letters that operators see and may
 * requeue.
 */
@Injectable()
export class NotificationSender {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly members: MemberRecords,
    private readonly texts: NotificationTexts,
    private readonly channel: NotificationChannel,
    private readonly clock: Clock,
  ) {}

  /** Sends the PENDING notifications `which` selects (a condition on `n`), with `maxAttempts` in all. */
  async send(which: Sql, maxAttempts: number): Promise<void> {
    let failed: Outcomes['failed'];
    try {
      failed = await this.uow.run(async () => {
        const outcomes = await this.deliver(await this.lock(which));
        await this.record(outcomes, maxAttempts);
        return outcomes.failed;
      });
    } catch (error) {
      // the database or a bug, not the channel: counted on every row the
      // send held, in a transaction of its own (the send's rolled back)
      await this.uow.run(() =>
        this.uow.query(sql`
          UPDATE notification n SET attempts = attempts + 1, last_error_code = 'UNEXPECTED_ERROR',
                 status = CASE WHEN attempts + 1 >= ${maxAttempts}::int THEN 'DEAD' ELSE status END
           WHERE ${which} AND n.status = 'PENDING'`),
      );
      throw error;
    }
    const [first] = failed;
    if (first) throw new NotificationDeliveryError(first.code);
  }

  private lock(which: Sql): Promise<PendingNotification[]> {
    return this.uow.query<PendingNotification>(
      sql`SELECT n.id, n.template, n.member_id AS "memberId", n.community_id AS "communityId",
                 n.subject_id AS "subjectId"
            FROM notification n
           WHERE ${which} AND n.status = 'PENDING'
           ORDER BY n.id
             FOR UPDATE`,
    );
  }

  private async deliver(rows: readonly PendingNotification[]): Promise<Outcomes> {
    const outcomes: Outcomes = { sent: [], skipped: [], dead: [], failed: [] };
    if (rows.length === 0) return outcomes;
    const renderings = await this.texts.renderAll(rows);
    const memberIds = rows.flatMap((row) => (row.memberId ? [row.memberId] : []));
    const phones = new Map(
      (await this.members.contacts(DELIVERY, memberIds)).map((m) => [m.id, m.phone]),
    );
    const deliverOne = async (row: PendingNotification, rendering: Rendering | undefined) => {
      if (rendering && 'skipped' in rendering) return outcomes.skipped.push(row.id);
      const recipient = rendering && this.recipient(row, phones);
      // an id that names nothing (members are never deleted): no retry can
      // help, so straight to the operators' dead letters
      if (!rendering || !recipient) return outcomes.dead.push(row.id);
      try {
        await this.channel.deliver({
          notificationId: row.id,
          template: row.template,
          text: rendering.text,
          recipient,
        });
        outcomes.sent.push(row.id);
      } catch (error) {
        const code = error instanceof NotificationDeliveryError ? error.code : 'UNEXPECTED_ERROR';
        outcomes.failed.push({ id: row.id, code });
      }
    };
    for (let start = 0; start < rows.length; start += IN_FLIGHT) {
      await Promise.all(
        rows
          .slice(start, start + IN_FLIGHT)
          .map((row, i) => deliverOne(row, renderings[start + i])),
      );
      const [refused] = outcomes.failed;
      if (refused) {
        // The gateway is failing: the rest of the batch waits for the job's
        // retry rather than hold the rows (and a connection) through every
        // time-out; each counts the attempt, so none stays pending for good.
        rows.slice(start + IN_FLIGHT).forEach((row, i) => {
          const rendering = renderings[start + IN_FLIGHT + i];
          if (rendering && 'skipped' in rendering) outcomes.skipped.push(row.id);
          else outcomes.failed.push({ id: row.id, code: refused.code });
        });
        break;
      }
    }
    return outcomes;
  }

  private recipient(
    row: PendingNotification,
    phones: ReadonlyMap<string, string>,
  ): ChannelRecipient | null {
    if (row.communityId) return { kind: 'COMMITTEE', communityId: row.communityId };
    const phone = row.memberId ? phones.get(row.memberId) : undefined;
    return row.memberId && phone ? { kind: 'MEMBER', memberId: row.memberId, phone } : null;
  }

  private async record(outcomes: Outcomes, maxAttempts: number): Promise<void> {
    const now = this.clock.now();
    if (outcomes.sent.length > 0) {
      await this.uow.query(sql`
        UPDATE notification SET status = 'SENT', sent_at = ${now}, channel = ${this.channel.name}
         WHERE id = ANY(${outcomes.sent}::uuid[])`);
    }
    if (outcomes.skipped.length > 0) {
      await this.uow.query(sql`
        UPDATE notification SET status = 'SKIPPED' WHERE id = ANY(${outcomes.skipped}::uuid[])`);
    }
    const failures = [
      ...outcomes.dead.map((id) => ({ id, code: 'SUBJECT_NOT_FOUND', final: true })),
      ...outcomes.failed.map((f) => ({ ...f, final: false })),
    ];
    if (failures.length === 0) return;
    // A code safe to show operators, never the gateway's words (they could quote a phone).
    await this.uow.query(sql`
      UPDATE notification n
         SET attempts = n.attempts + 1, last_error_code = f.code,
             status = CASE WHEN f.final OR n.attempts + 1 >= ${maxAttempts}::int
                           THEN 'DEAD' ELSE n.status END
        FROM unnest(${failures.map((f) => f.id)}::uuid[], ${failures.map((f) => f.code)}::text[],
                    ${failures.map((f) => f.final)}::boolean[]) AS f (id, code, final)
       WHERE n.id = f.id`);
  }
}
