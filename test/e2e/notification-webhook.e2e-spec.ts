import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sql, UnitOfWork } from '#database';
import { MembersModule } from '#domain/members';
import { Notifier, type NotifyInput } from '#domain/notifications';
import {
  NotificationBatchSendHandler,
  NotificationDeliveryModule,
  NotificationSendHandler,
} from '#domain/notifications/delivery';
import {
  defineJob,
  HandlesJob,
  QueueRegistry,
  type NotificationBatchPayload,
  type NotificationSendPayload,
} from '#queue';
import {
  createCommunity,
  createCourtyard,
  createMember,
  drainQueue,
  eventually,
  signIn,
  startTestApi,
  startTestWorker,
  unique,
  type TestApi,
  type TestWorker,
} from '#testing';

const SECRET = `spec-secret-${randomUUID()}`;

/**
 * The notifications queue is shared by every suite of the run, and other
 * suites' workers send through the recording channel. This spec hands its
 * notifications to a queue of its own (the same job on another queue, with
 * three attempts and a short backoff), which only its worker runs, so
 * every message it makes reaches its webhook and nobody else's.
 */
const SPEC_QUEUE = { name: `notifications-spec-${randomUUID().slice(0, 8)}`, concurrency: 2 };
const SPEC_SEND = defineJob<NotificationSendPayload>({
  name: 'notification.send',
  queue: SPEC_QUEUE.name,
  options: { attempts: 3, backoff: { type: 'fixed', delay: 20 } },
});

@Injectable()
@HandlesJob(SPEC_SEND)
class SpecQueueSendHandler extends NotificationSendHandler {}

const SPEC_BATCH = defineJob<NotificationBatchPayload>({
  name: 'notification.send-batch',
  queue: SPEC_QUEUE.name,
  options: { attempts: 3, backoff: { type: 'fixed', delay: 20 } },
});

@Injectable()
@HandlesJob(SPEC_BATCH)
class SpecQueueBatchHandler extends NotificationBatchSendHandler {}

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly raw: string;
  readonly body: {
    id: string;
    template: string;
    text: string;
    recipient: { kind: string; memberId?: string; phone?: string; communityId?: string };
  };
}

/** The gateway: records every request and answers each notification as the test scripts it. */
class FakeGateway {
  readonly received: Received[] = [];
  /** Statuses to answer for a notification, in turn; then 200. `hang`: never answer. */
  readonly script = new Map<string, (number | 'hang')[]>();
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(raw) as Received['body'];
      this.received.push({ headers: req.headers, raw, body });
      const next = this.script.get(body.id)?.shift() ?? 200;
      if (next === 'hang') return;
      res.writeHead(next).end();
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${String((this.server.address() as AddressInfo).port)}/vanguard`;
  }

  for(notificationId: string): Received[] {
    return this.received.filter((r) => r.body.id === notificationId);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** The gateway's check, written from docs/notification-webhook.md: HMAC over `timestamp.body`. */
function verifies(request: Received): boolean {
  const timestamp = String(request.headers['x-vanguard-timestamp']);
  const expected = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${request.raw}`).digest('hex')}`;
  const given = Buffer.from(String(request.headers['x-vanguard-signature']));
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) <= 300;
  return fresh && given.length === expected.length && timingSafeEqual(given, Buffer.from(expected));
}

const DEAD_LETTERS = `query { notificationDeadLetters(first: 100) {
  totalCount items { id template recipientKind subjectId status attempts lastErrorCode createdAt } } }`;
const RETRY = `mutation($id: UUID!) { retryNotification(id: $id) { id status attempts } }`;

describe('notifications through the signed webhook', () => {
  const gateway = new FakeGateway();
  let api: TestApi;
  let worker: TestWorker;
  let communityId: string;
  let operator: string;

  beforeAll(async () => {
    const url = await gateway.start();
    api = await startTestApi();
    worker = await startTestWorker({
      channel: 'configured',
      env: {
        NOTIFICATION_CHANNEL: 'webhook',
        NOTIFICATION_WEBHOOK_URL: url,
        NOTIFICATION_WEBHOOK_SECRET: SECRET,
        NOTIFICATION_WEBHOOK_TIMEOUT_MS: '300',
        WORKER_QUEUES: SPEC_QUEUE.name,
      },
      extraJobs: { queues: [SPEC_QUEUE], jobs: [SPEC_SEND, SPEC_BATCH] },
      imports: [NotificationDeliveryModule, MembersModule],
      providers: [SpecQueueSendHandler, SpecQueueBatchHandler],
    });
    communityId = (await createCommunity(api.app)).id;
    operator = await signIn(api.app, [{ role: 'OPERATOR' }]);
  });

  afterAll(async () => {
    await worker.close();
    await api.close();
    await gateway.stop();
  });

  const db = () => api.app.get(DataSource);

  /** Moves a notification's unrelayed send job to this spec's queue; false if a relay took it first. */
  const toSpecQueue = async (notificationId: string): Promise<boolean> => {
    const [, moved] = await db().query<[unknown, number]>(
      `UPDATE outbox_message SET queue = $1
        WHERE relayed_at IS NULL AND job_name = 'notification.send'
          AND payload ->> 'notificationId' = $2`,
      [SPEC_QUEUE.name, notificationId],
    );
    return moved > 0;
  };

  /** Notifies as any feature would, with the send job on this spec's queue (same transaction, so no relay sees it before). */
  const notify = async (input: NotifyInput): Promise<string> => {
    const uow = worker.module.get(UnitOfWork);
    return uow.run(async () => {
      await worker.module.get(Notifier).notify(input);
      const [row] = await uow.manager.query<{ id: string }[]>(
        'SELECT id FROM notification WHERE key = $1',
        [input.key],
      );
      await uow.manager.query(
        `UPDATE outbox_message SET queue = $1
          WHERE job_name = 'notification.send' AND payload ->> 'notificationId' = $2`,
        [SPEC_QUEUE.name, row!.id],
      );
      return row!.id;
    });
  };

  const welcome = async () => {
    const { member, input } = await createMember(api.app, { residenceCommunityId: communityId });
    const notification: NotifyInput = {
      template: 'MEMBER_WELCOME',
      recipient: { memberId: member.id },
      subjectId: member.id,
      key: unique('spec-welcome'),
    };
    const id = await notify(notification);
    return { id, memberId: member.id, phone: input.phone, notification };
  };

  const row = async (id: string) => {
    const [notification] = await db().query<
      {
        status: string;
        attempts: number;
        lastErrorCode: string | null;
        channel: string | null;
      }[]
    >(
      `SELECT status, attempts, last_error_code AS "lastErrorCode", channel
         FROM notification WHERE id = $1`,
      [id],
    );
    return notification!;
  };

  it('posts the message signed with the shared secret over the exact body, and logs neither phone nor text', async () => {
    const { id, memberId, phone } = await welcome();
    await drainQueue(worker.module, SPEC_QUEUE.name);

    const [request] = gateway.for(id);
    expect(gateway.for(id)).toHaveLength(1);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(verifies(request!)).toBe(true);
    // a body changed on the way, or signed with another secret, does not verify
    expect(verifies({ ...request!, raw: request!.raw.replace('先锋', '先峰') })).toBe(false);
    expect(request!.body).toEqual({
      id,
      template: 'MEMBER_WELCOME',
      text: expect.stringContaining('党员志愿者'),
      recipient: { kind: 'MEMBER', memberId, phone },
    });
    expect(await row(id)).toEqual({
      status: 'SENT',
      attempts: 0,
      lastErrorCode: null,
      channel: 'WEBHOOK',
    });
    const logs = worker.logLines().join('\n');
    expect(logs).not.toContain(phone);
    expect(logs).not.toContain(request!.body.text);
  });

  it('writes one notification and one send job per key, however often it is asked, and only in a transaction', async () => {
    const { id, notification } = await welcome();
    const notifier = worker.module.get(Notifier);
    const uow = worker.module.get(UnitOfWork);
    await uow.run(() => notifier.notify(notification));
    await Promise.all([1, 2, 3].map(() => uow.run(() => notifier.notify(notification))));
    await expect(notifier.notify(notification)).rejects.toThrow('inside UnitOfWork.run');

    const [counts] = await db().query<{ notifications: number; jobs: number }[]>(
      `SELECT (SELECT count(*)::int FROM notification WHERE key = $1) AS notifications,
              (SELECT count(*)::int FROM outbox_message
                WHERE payload ->> 'notificationId' = $2) AS jobs`,
      [notification.key, id],
    );
    expect(counts).toEqual({ notifications: 1, jobs: 1 });
    await drainQueue(worker.module, SPEC_QUEUE.name);
    expect(gateway.for(id)).toHaveLength(1);
  });

  it('sends a broadcast by batch, and retries only the messages the gateway refused', async () => {
    const members = await Promise.all(
      [1, 2, 3].map(() => createMember(api.app, { residenceCommunityId: communityId })),
    );
    const ids = members.map(({ member }) => member.id);
    const name = unique('spec-broadcast');
    const uow = worker.module.get(UnitOfWork);
    const written = await uow.run(async () => {
      const told = await worker.module.get(Notifier).broadcast({
        template: 'MEMBER_WELCOME',
        name,
        recipients: sql`SELECT id AS member_id, id AS subject_id, ${name} || ':' || id AS key
                          FROM member WHERE id = ANY(${ids}::uuid[])`,
      });
      await uow.query(sql`
        UPDATE outbox_message SET queue = ${SPEC_QUEUE.name}
         WHERE job_name = 'notification.send-batch'
           AND (payload ->> 'batchId')::uuid IN (
                 SELECT batch_id FROM notification WHERE key LIKE ${name} || ':%')`);
      return told;
    });
    expect(written).toBe(3);
    const notifications = await db().query<{ id: string; memberId: string }[]>(
      `SELECT id, member_id AS "memberId" FROM notification WHERE key LIKE $1 || ':%'`,
      [name],
    );
    const refused = notifications.find((n) => n.memberId === ids[0])!.id;
    gateway.script.set(refused, [503]);
    await drainQueue(worker.module, SPEC_QUEUE.name);

    for (const { id } of notifications) {
      expect(gateway.for(id)).toHaveLength(id === refused ? 2 : 1);
      expect(await row(id)).toMatchObject({
        status: 'SENT',
        attempts: id === refused ? 1 : 0,
      });
    }
    // one job for the batch, not one per message
    const [jobs] = await db().query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbox_message WHERE job_name = 'notification.send-batch'
          AND (payload ->> 'batchId')::uuid IN (
                SELECT batch_id FROM notification WHERE key LIKE $1 || ':%')`,
      [name],
    );
    expect(jobs).toEqual({ n: 1 });
  });

  it('retries a gateway error with backoff until it takes the message, then never sends it again', async () => {
    const { id } = await welcome();
    gateway.script.set(id, [500, 502]);
    await drainQueue(worker.module, SPEC_QUEUE.name);

    expect(gateway.for(id)).toHaveLength(3);
    expect(gateway.for(id).every(verifies)).toBe(true);
    expect(await row(id)).toEqual({
      status: 'SENT',
      attempts: 2,
      lastErrorCode: 'WEBHOOK_HTTP_502',
      channel: 'WEBHOOK',
    });

    // The job run again after its success (a redelivery) finds the row SENT.
    const queue = worker.module.get(QueueRegistry).get(SPEC_QUEUE.name);
    const [job] = (await queue.getCompleted()).filter(
      (j) => (j.data as NotificationSendPayload).notificationId === id,
    );
    await job!.retry('completed');
    await drainQueue(worker.module, SPEC_QUEUE.name);
    expect(gateway.for(id)).toHaveLength(3);
  });

  it('after the last attempt keeps a dead letter that only operators see, without phone or text, and may send again', async () => {
    const { id, memberId, phone } = await welcome();
    gateway.script.set(id, [503, 503, 503]);
    await drainQueue(worker.module, SPEC_QUEUE.name);

    expect(gateway.for(id)).toHaveLength(3);
    expect(await row(id)).toEqual({
      status: 'DEAD',
      attempts: 3,
      lastErrorCode: 'WEBHOOK_HTTP_503',
      channel: null,
    });
    // the queue dashboard shows it as a failed job
    const failed = await worker.module.get(QueueRegistry).get(SPEC_QUEUE.name).getFailed();
    expect(failed.map((j) => (j.data as NotificationSendPayload).notificationId)).toContain(id);

    const res = await api.gql<{
      notificationDeadLetters: { totalCount: number; items: { id: string }[] };
    }>(DEAD_LETTERS, {}, { token: operator });
    expect(res.errors).toBeUndefined();
    const letter = res.data!.notificationDeadLetters.items.find((item) => item.id === id);
    expect(letter).toEqual({
      id,
      template: 'MEMBER_WELCOME',
      recipientKind: 'MEMBER',
      subjectId: memberId,
      status: 'DEAD',
      attempts: 3,
      lastErrorCode: 'WEBHOOK_HTTP_503',
      createdAt: expect.any(String),
    });
    expect(JSON.stringify(res.data)).not.toContain(phone);

    const admin = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId }]);
    const refused = await api.gql(DEAD_LETTERS, {}, { token: admin });
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const refusedRetry = await api.gql(RETRY, { id }, { token: admin });
    expect(refusedRetry.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await row(id)).status).toBe('DEAD');

    // The gateway is back: the operator sends it again, and that is audited.
    const retried = await api.gql(RETRY, { id }, { token: operator });
    expect(retried.errors).toBeUndefined();
    expect(retried.data).toEqual({ retryNotification: { id, status: 'PENDING', attempts: 0 } });
    const again = await api.gql(RETRY, { id }, { token: operator });
    expect(again.errors?.[0]?.extensions.code).toBe('NOTIFICATION_NOT_DEAD');
    const audit = await db().query<{ action: string }[]>(
      'SELECT action FROM audit_log WHERE entity_id = $1::text',
      [id],
    );
    expect(audit).toEqual([{ action: 'notification.retry' }]);

    // The fresh job is on the notifications queue, which this spec's worker
    // does not run: moved here unless another suite's worker took it first,
    // which sends it as well.
    if (await toSpecQueue(id)) {
      await drainQueue(worker.module, SPEC_QUEUE.name);
      expect(gateway.for(id)).toHaveLength(4);
      expect(verifies(gateway.for(id)[3]!)).toBe(true);
    }
    await eventually(async () => (await row(id)).status === 'SENT');
    expect(worker.logLines().join('\n')).not.toContain(phone);
  });

  it('gives up on a gateway that does not answer in time', async () => {
    const { id } = await welcome();
    gateway.script.set(id, ['hang', 'hang', 'hang']);
    await drainQueue(worker.module, SPEC_QUEUE.name);
    expect(gateway.for(id)).toHaveLength(3);
    expect(await row(id)).toMatchObject({ status: 'DEAD', lastErrorCode: 'WEBHOOK_TIMEOUT' });
  });

  /** A task (and its type) as dispatch leaves it; written directly, as no task factory exists yet. */
  const insertTask = async (status: 'UNFILLED' | 'DISPATCHING' | 'FILLED') => {
    const courtyard = await createCourtyard(api.app, communityId);
    const [type] = await db().query<{ id: string }[]>(
      `INSERT INTO task_type (name, description, basic_knowledge, professional_knowledge, category,
         intensity, outdoor, night, default_duration_minutes, points_weight, counts_as_volunteer_service)
       VALUES ($1, '', 'HIGH', 'LOW', 'ROUTINE', 'LIGHT', false, false, 120, 1, true) RETURNING id`,
      [unique('任务类型')],
    );
    const title = unique('为独居老人买菜');
    const [task] = await db().query<{ id: string }[]>(
      `INSERT INTO task (community_id, courtyard_id, task_type_id, category, title, description,
         starts_at, ends_at, headcount, priority, offer_timeout_minutes, status, escalation,
         escalated_at, first_escalated_at)
       VALUES ($1, $2, $3, 'ROUTINE', $4, '', '2026-12-01T01:00:00Z', '2026-12-01T03:00:00Z', 1,
         'NORMAL', 30, $5, CASE WHEN $5 = 'UNFILLED' THEN 'COMMITTEE' ELSE 'NONE' END,
         CASE WHEN $5 = 'UNFILLED' THEN now() END, CASE WHEN $5 = 'UNFILLED' THEN now() END)
       RETURNING id`,
      [communityId, courtyard.id, type!.id, title, status],
    );
    return { id: task!.id, title, courtyard: courtyard.name };
  };

  it('tells a committee by community id, in the community’s time zone, and skips what no longer needs saying', async () => {
    const unfilled = await insertTask('UNFILLED');
    const escalation = await notify({
      template: 'TASK_ESCALATED_TO_COMMITTEE',
      recipient: { committeeOfCommunityId: communityId },
      subjectId: unfilled.id,
      key: `spec-escalation:${unfilled.id}`,
    });
    // filled since its escalation to the leader was queued: nobody needs to step in
    const filled = await insertTask('FILLED');
    const stale = await notify({
      template: 'TASK_ESCALATED_TO_LEADER',
      recipient: { committeeOfCommunityId: communityId },
      subjectId: filled.id,
      key: `spec-escalation:${filled.id}`,
    });
    // an offer answered before its invitation went out
    const memberId = (await createMember(api.app, { residenceCommunityId: communityId })).member.id;
    const open = await insertTask('DISPATCHING');
    const [offer] = await db().query<{ id: string }[]>(
      `INSERT INTO task_offer (task_id, member_id, round, slot_kind, score, status, expires_at, answered_at)
       VALUES ($1, $2, 1, 'RESIDENT', 1, 'DECLINED', now() + interval '30 minutes', now()) RETURNING id`,
      [open.id, memberId],
    );
    const answered = await notify({
      template: 'TASK_OFFERED',
      recipient: { memberId },
      subjectId: offer!.id,
      key: `spec-offer:${offer!.id}`,
    });
    // a subject that does not exist is a caller's mistake: dead at once, nothing sent
    const missing = await notify({
      template: 'TASK_ESCALATED_TO_COMMITTEE',
      recipient: { committeeOfCommunityId: communityId },
      subjectId: randomUUID(),
      key: unique('spec-escalation'),
    });
    await drainQueue(worker.module, SPEC_QUEUE.name);

    const [told] = gateway.for(escalation);
    expect(told!.body.recipient).toEqual({ kind: 'COMMITTEE', communityId });
    expect(told!.body.text).toBe(
      `【先锋】任务“${unfilled.title}”（12月1日 09:00–11:00，${unfilled.courtyard}）无人承接，` +
        '已列为未派出任务，请社区党委协调处理。',
    );
    expect((await row(escalation)).status).toBe('SENT');
    for (const skipped of [stale, answered]) {
      expect(gateway.for(skipped)).toHaveLength(0);
      expect(await row(skipped)).toEqual({
        status: 'SKIPPED',
        attempts: 0,
        lastErrorCode: null,
        channel: null,
      });
    }
    expect(gateway.for(missing)).toHaveLength(0);
    expect(await row(missing)).toMatchObject({
      status: 'DEAD',
      attempts: 1,
      lastErrorCode: 'SUBJECT_NOT_FOUND',
    });
  });
});
