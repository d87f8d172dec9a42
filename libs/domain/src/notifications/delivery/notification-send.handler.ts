import { Inject, Injectable } from '@nestjs/common';
import { sql } from '#database';
import {
  findJob,
  HandlesJob,
  JOB_CATALOGUE,
  JOB_HANDLER_METADATA,
  JOBS,
  type AnyJobDefinition,
  type JobCatalogue,
  type JobHandler,
  type NotificationBatchPayload,
  type NotificationSendPayload,
} from '#queue';
import { NotificationSender } from './notification-sender.js';

/**
 * The attempts of the job `handler` handles, as the catalogue the worker runs
 * declares it: after the last, a message still refused is a dead letter. (A
 * test may hand the same work to a queue of its own, with fewer attempts and
 * a shorter backoff, by subclassing the handler for its job.)
 */
function attemptsOf(
  handler: abstract new (...args: never[]) => unknown,
  fallback: AnyJobDefinition,
  catalogue: JobCatalogue,
): number {
  const handled =
    (Reflect.getMetadata(JOB_HANDLER_METADATA, handler) as AnyJobDefinition | undefined) ??
    fallback;
  return (findJob(catalogue, handled.queue, handled.name) ?? handled).options.attempts;
}

/** Sends one notification (an offer, a reminder, an escalation, a welcome…). */
@Injectable()
@HandlesJob(JOBS.notificationSend)
export class NotificationSendHandler implements JobHandler<typeof JOBS.notificationSend> {
  private readonly maxAttempts: number;

  constructor(
    private readonly sender: NotificationSender,
    @Inject(JOB_CATALOGUE) catalogue: JobCatalogue,
  ) {
    this.maxAttempts = attemptsOf(new.target, JOBS.notificationSend, catalogue);
  }

  readonly handle = (payload: NotificationSendPayload) =>
    this.sender.send(sql`n.id = ${payload.notificationId}`, this.maxAttempts);
}

/** Sends one batch of a broadcast (a call-up and its reminders): a few hundred messages. */
@Injectable()
@HandlesJob(JOBS.notificationSendBatch)
export class NotificationBatchSendHandler implements JobHandler<typeof JOBS.notificationSendBatch> {
  private readonly maxAttempts: number;

  constructor(
    private readonly sender: NotificationSender,
    @Inject(JOB_CATALOGUE) catalogue: JobCatalogue,
  ) {
    this.maxAttempts = attemptsOf(new.target, JOBS.notificationSendBatch, catalogue);
  }

  readonly handle = (payload: NotificationBatchPayload) =>
    this.sender.send(sql`n.batch_id = ${payload.batchId}`, this.maxAttempts);
}
