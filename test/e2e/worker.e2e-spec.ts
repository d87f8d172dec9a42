import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { CATALOGUE, QueueRegistry } from '#queue';
import {
  createCommunity,
  drainQueue,
  eventually,
  makeMemberInput,
  signIn,
  startTestApi,
  startTestWorker,
  type TestApi,
  type TestWorker,
} from '#testing';
import { WorkerHealthServer } from '../../apps/worker/src/worker-health.server.js';

const REGISTER = 'mutation($input: RegisterMemberInput!) { registerMember(input: $input) { id } }';

/** Registration → notification and outbox → relay → BullMQ → handler → channel, with the real worker. */
describe('worker', () => {
  let api: TestApi;
  let worker: TestWorker;
  let token: string;
  let communityId: string;

  beforeAll(async () => {
    api = await startTestApi();
    worker = await startTestWorker();
    communityId = (await createCommunity(api.app)).id;
    token = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId }]);
  });

  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  const register = async () => {
    const input = makeMemberInput({ residenceCommunityId: communityId });
    const res = await api.gql<{ registerMember: { id: string } }>(REGISTER, { input }, { token });
    expect(res.errors).toBeUndefined();
    return { id: res.data!.registerMember.id, input };
  };

  it('welcomes a newly registered member exactly once, with ids only in Redis', async () => {
    const { id, input } = await register();
    await drainQueue(worker.module, 'notifications');
    expect(worker.channel.to(input.phone).length > 0).toBe(true);

    const [notification] = await api.app
      .get(DataSource)
      .query<{ id: string; status: string }[]>(
        `SELECT id, status FROM notification WHERE member_id = $1 AND template = 'MEMBER_WELCOME'`,
        [id],
      );
    expect(notification?.status).toBe('SENT');
    const jobs = await api.app
      .get(QueueRegistry)
      .get('notifications')
      .getJobs(['completed', 'active', 'waiting', 'delayed', 'failed']);
    const mine = jobs.filter(
      (job) => (job.data as { notificationId?: string }).notificationId === notification!.id,
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]!.data).toEqual({
      notificationId: notification!.id,
      idempotencyKey: `notification:${notification!.id}`,
    });
    expect(JSON.stringify(mine[0]!.data)).not.toContain(input.phone);

    // A retried job (same idempotency key) does not send again.
    await mine[0]!.retry('completed').catch(() => undefined);
    await drainQueue(worker.module, 'notifications');
    expect(worker.channel.to(input.phone)).toHaveLength(1);
    expect(worker.logLines().join('\n')).not.toContain(input.phone);
  });

  it('names the request on the API line, the relay line and the handler line of a registration', async () => {
    const input = makeMemberInput({ residenceCommunityId: communityId });
    const res = await api.gql(REGISTER, { input }, { token });
    expect(res.errors).toBeUndefined();
    const requestId = res.headers['x-request-id'];
    await drainQueue(worker.module, 'notifications');
    expect(worker.channel.to(input.phone).length > 0).toBe(true);

    // The one query: every line, of either process, with this request id.
    const lines = [...api.logLines(), ...worker.logLines()]
      .map((line) => JSON.parse(line) as { service: string; msg: string; requestId?: string })
      .filter((line) => line.requestId === requestId);
    expect(lines.map(({ service, msg }) => ({ service, msg }))).toEqual(
      expect.arrayContaining([
        { service: 'api', msg: 'request completed' },
        { service: 'worker', msg: 'outbox job relayed' },
        { service: 'worker', msg: 'job completed' },
      ]),
    );
    expect(JSON.stringify(lines)).not.toContain(input.phone);
  });

  it('answers its health probes', async () => {
    const port = worker.module.get(WorkerHealthServer).port;
    const live = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
    const body: unknown = await ready.json();
    expect(body).toEqual({
      ready: true,
      checks: { postgres: true, broker: true },
      runtime: { database: 'server', queues: 'redis' },
    });
  });

  it('reports through terminus that it consumes every queue', async () => {
    const port = worker.module.get(WorkerHealthServer).port;
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      details: {
        postgres: { status: 'up' },
        broker: { status: 'up', backend: 'redis' },
        queues: { status: 'up', consumed: CATALOGUE.queues.map((queue) => queue.name) },
      },
    });
  });

  it('finishes the job in flight when shut down, and takes no new ones', async () => {
    worker.channel.delayMs = 1_000;
    const { id, input } = await register();
    // Waits for the job to be in flight, which no drain can say.
    await eventually(() =>
      worker.channel.started.some(
        (m) => m.recipient.kind === 'MEMBER' && m.recipient.phone === input.phone,
      ),
    );
    await worker.close();
    expect(worker.channel.to(input.phone).length > 0).toBe(true);
    const delivered = await api.app
      .get(DataSource)
      .query<unknown[]>(`SELECT 1 FROM notification WHERE member_id = $1 AND status = 'SENT'`, [
        id,
      ]);
    expect(delivered).toHaveLength(1);

    // Registered after shutdown: stays queued in the outbox until a worker runs again.
    // The closed worker's relay loop and BullMQ workers have stopped (close
    // awaited both), so nothing of it is left to run: no wait is needed.
    const later = await register();
    expect(worker.channel.to(later.input.phone).length > 0).toBe(false);
    worker = await startTestWorker();
    await drainQueue(worker.module, 'notifications');
    expect(worker.channel.to(later.input.phone).length > 0).toBe(true);
  });
});
