import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '#core';
import { sql, UnitOfWork } from '#database';
import { MemberRecords, ruleCheck } from '#domain/members';
import {
  findJob,
  HandlesJob,
  JOB_CATALOGUE,
  JOB_HANDLER_METADATA,
  JOBS,
  type AnyJobDefinition,
  type JobCatalogue,
  type JobHandler,
  type NotificationSendPayload,
} from '#queue';
import type { NotificationStatus, NotificationTemplate } from '../notification-template.js';
import {
  NotificationChannel,
  NotificationDeliveryError,
  type ChannelRecipient,
} from './notification-channel.js';
import { NotificationTexts } from './notification-texts.js';

/** Whoever the system notifies is told on the phone they registered, whoever caused it. */
const DELIVERY = ruleCheck('the phone of a member the system notifies');

interface Claimed {
  readonly id: string;
  readonly template: NotificationTemplate;
  readonly memberId: string | null;
  readonly communityId: string | null;
  readonly subjectId: string;
  readonly status: NotificationStatus;
}

/**
 * Sends one notification. The job carries its id only; the row is locked
 * for the whole send, so a duplicate job waits, then finds it SENT and
 * sends nothing; a retried job after success does the same. The text is
 * rendered and the phone decrypted here, handed to the channel and kept
 * nowhere else. The row is marked SENT in the transaction that sent it: a
 * crash between the gateway's answer and the commit sends the message
 * again on retry, which for a notice is the right side to err on.
 *
 * A failure throws, so BullMQ retries with the catalogue's backoff; each
 * is counted on the row with a code, and after the job's last attempt the
 * notification is DEAD: a dead letter that operators see and may requeue.
 */
@Injectable()
@HandlesJob(JOBS.notificationSend)
export class NotificationSendHandler implements JobHandler<typeof JOBS.notificationSend> {
  private readonly maxAttempts: number;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly members: MemberRecords,
    private readonly texts: NotificationTexts,
    private readonly channel: NotificationChannel,
    private readonly clock: Clock,
    @Inject(JOB_CATALOGUE) catalogue: JobCatalogue,
  ) {
    // The attempts of the job this class handles, as the catalogue the
    // worker runs declares it (a test may hand the same work to a queue of
    // its own, with fewer attempts and a shorter backoff).
    const handled =
      (Reflect.getMetadata(JOB_HANDLER_METADATA, new.target) as AnyJobDefinition | undefined) ??
      JOBS.notificationSend;
    this.maxAttempts = (
      findJob(catalogue, handled.queue, handled.name) ?? handled
    ).options.attempts;
  }

  async handle(payload: NotificationSendPayload): Promise<void> {
    try {
      await this.uow.run(() => this.send(payload.notificationId));
    } catch (error) {
      await this.recordFailure(payload.notificationId, error);
      throw error;
    }
  }

  private async send(notificationId: string): Promise<void> {
    const [row] = await this.uow.query<Claimed>(
      sql`SELECT id, template, member_id AS "memberId", community_id AS "communityId",
                 subject_id AS "subjectId", status
          FROM notification WHERE id = ${notificationId} FOR UPDATE`,
    );
    if (row?.status !== 'PENDING') return; // sent, skipped or given up by an earlier job
    const rendering = await this.texts.render(row.template, row.subjectId);
    if (rendering && 'skipped' in rendering) {
      await this.mark(row.id, 'SKIPPED');
      return;
    }
    const recipient = rendering && (await this.recipient(row));
    if (!rendering || !recipient) {
      // a notify with an id that names nothing (members are never deleted):
      // no retry can help, so straight to the operators' dead letters
      await this.fail(row.id, 'SUBJECT_NOT_FOUND', true);
      return;
    }
    await this.channel.deliver({
      notificationId: row.id,
      template: row.template,
      text: rendering.text,
      recipient,
    });
    await this.mark(row.id, 'SENT');
  }

  private async recipient(row: Claimed): Promise<ChannelRecipient | null> {
    if (row.communityId) return { kind: 'COMMITTEE', communityId: row.communityId };
    const member = row.memberId ? await this.members.contact(DELIVERY, row.memberId) : null;
    return member && { kind: 'MEMBER', memberId: member.id, phone: member.phone };
  }

  private async mark(id: string, status: 'SENT' | 'SKIPPED'): Promise<void> {
    const sent = status === 'SENT';
    await this.uow.query(
      sql`UPDATE notification SET status = ${status}, sent_at = ${sent ? this.clock.now() : null},
                 channel = ${sent ? this.channel.name : null}
          WHERE id = ${id}`,
    );
  }

  /**
   * Counts a failed attempt, in its own transaction (the send's rolled
   * back), with a code safe to show; the job's last attempt makes the
   * notification DEAD.
   */
  private async recordFailure(id: string, error: unknown): Promise<void> {
    const code = error instanceof NotificationDeliveryError ? error.code : 'UNEXPECTED_ERROR';
    await this.uow.run(() => this.fail(id, code, false));
  }

  private async fail(id: string, code: string, final: boolean): Promise<void> {
    await this.uow.query(
      sql`UPDATE notification
          SET attempts = attempts + 1, last_error_code = ${code},
              status = CASE WHEN ${final}::boolean OR attempts + 1 >= ${this.maxAttempts}::int
                            THEN 'DEAD' ELSE status END
          WHERE id = ${id} AND status = 'PENDING'`,
    );
  }
}
