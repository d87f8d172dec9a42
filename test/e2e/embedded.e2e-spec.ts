import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '#core';
import { migrateDatabase } from '#database';
import { prepareRuntime, type Runtime } from '#runtime';
import {
  createMember,
  createTaskTypeOf,
  eventually,
  freePort,
  signIn,
  startTestApi,
  startTestWorker,
  testConfig,
  type TestApi,
  type TestWorker,
} from '#testing';
import { DEMO_PASSWORD } from '../../apps/cli/src/demo-data.js';
import { seedDemo } from '../../apps/cli/src/seed.js';

const LOGIN = `mutation($u: String!, $p: String!) { r: login(input: { username: $u, password: $p }) {
  accessToken } }`;
const ME = `query { r: me { grants { role communityId } } }`;
const OVERVIEW = `query($c: UUID!) { r: communityOverview(communityId: $c) {
  courtyards { id } residentMembers } }`;
const CREATE_TASK = `mutation($i: CreateTaskInput!) { r: createTask(input: $i) { id } }`;
const PUBLISH = `mutation($id: UUID!) { r: publishTask(id: $id) { status } }`;
const MY_OFFERS = `query { r: myOffers { id status task { id } } }`;
const ACCEPT = `mutation($id: UUID!) { r: acceptOffer(id: $id) { status } }`;
const TASK = `query($id: UUID!) { r: task(id: $id) { status } }`;
const SUBMIT = `mutation($i: DutyLogInput!) { r: submitDutyLog(input: $i) { id status } }`;
const VERIFY = `mutation($ids: [UUID!]!) { r: verifyDutyLogs(ids: $ids) { status } }`;

const HOUR = 3_600_000;
/** The settings the embedded runtime chose, which the apps' configuration takes over the test's. */
const CHOSEN = [
  'DATABASE_URL',
  'DATABASE_OWNER_URL',
  'DATABASE_ADMIN_URL',
  'DATABASE_MODE',
  'QUEUE_BACKEND',
] as const;

/**
 * The demo on a machine with only Node: nothing answers where PostgreSQL
 * and Redis would (the probes point at closed ports), so the runtime starts
 * a PostgreSQL from the embedded package and puts the queues in it. The
 * demo's steps run on that pair: migrate, seed, a task dispatched by the
 * worker, offered and accepted, a duty log verified; then the server is
 * stopped, and started again with the data kept.
 */
describe('the embedded PostgreSQL and the queues on it', () => {
  let home: string;
  let env: Record<string, string | undefined>;
  let runtime: Runtime | undefined;
  /** The apps running now; each test stops what it started. */
  const running: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'vanguard-embedded-'));
    env = {
      PROBE_POSTGRES_ADDRESS: `127.0.0.1:${String(await freePort())}`,
      PROBE_REDIS_ADDRESS: `127.0.0.1:${String(await freePort())}`,
      EMBEDDED_POSTGRES_HOME: home,
    };
    runtime = await prepareRuntime(env);
  }, 120_000);

  afterAll(async () => {
    for (const app of running.splice(0).reverse()) await app.close();
    await runtime?.release();
    await rm(home, { recursive: true, force: true });
  }, 60_000);

  async function startApps(): Promise<{ api: TestApi; worker: TestWorker }> {
    const api = await startTestApi({ env: chosen() });
    running.push(api);
    const worker = await startTestWorker({ env: chosen() });
    running.push(worker);
    return { api, worker };
  }

  /** The test's configuration, on what the runtime chose. */
  const chosen = () =>
    Object.fromEntries(CHOSEN.map((name) => [name, env[name] ?? ''])) as Record<string, string>;

  it('chooses the embedded pair when nothing answers, and runs the demo flow on it', async () => {
    expect(runtime?.database).toBe('embedded');
    expect(runtime?.queues).toBe('postgres');
    expect(runtime?.reasons.join('\n')).toContain('embedded PostgreSQL');
    expect(env.DATABASE_URL).toMatch(
      /^postgres:\/\/vanguard_app:[^@]+@127\.0\.0\.1:\d+\/vanguard$/,
    );

    const config = testConfig(chosen());
    await migrateDatabase(config);
    const logger = createLogger({ level: 'silent', service: 'test' });
    expect(await seedDemo(config, logger)).not.toBeNull();
    const { api } = await startApps();

    const health = await api.app.inject({ method: 'GET', url: '/health/ready' });
    expect(health.json()).toEqual({
      ready: true,
      checks: { postgres: true, broker: true },
      runtime: { database: 'embedded', queues: 'postgres' },
    });

    // the seeded committee signs in with the demo password and sees Q community
    const admin = await api.ok<{ accessToken: string }>(
      LOGIN,
      { u: 'q-admin', p: DEMO_PASSWORD },
      '',
    );
    const committee = admin.accessToken;
    const me = await api.ok<{ grants: { communityId: string }[] }>(ME, {}, committee);
    const communityId = me.grants[0]?.communityId ?? '';
    const overview = await api.ok<{ courtyards: { id: string }[]; residentMembers: number }>(
      OVERVIEW,
      { c: communityId },
      committee,
    );
    expect(overview.residentMembers).toBe(341);
    const courtyardId = overview.courtyards[0]?.id ?? '';

    // a resident with a skill nobody else has, so the offer is theirs
    const { member } = await createMember(api.app, {
      kind: 'RESIDENT',
      name: '嵌入式测试',
      residenceCommunityId: communityId,
      residenceCourtyardId: courtyardId,
      skills: ['高压电工'],
      availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        weekday,
        start: '00:00',
        end: '24:00',
      })),
    });
    const memberToken = await signIn(api.app, [{ role: 'MEMBER', memberId: member.id }]);
    const startsAt = new Date(Date.now() + 48 * HOUR);
    const task = await api.ok<{ id: string }>(
      CREATE_TASK,
      {
        i: {
          communityId,
          courtyardId,
          taskTypeId: await createTaskTypeOf(api.app, 'ROUTINE', { requiredSkills: ['高压电工'] }),
          title: '检修楼道配电箱',
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
          headcount: 1,
        },
      },
      committee,
    );
    expect(await api.ok(PUBLISH, { id: task.id }, committee)).toEqual({ status: 'DISPATCHING' });

    // the worker takes the dispatch job from the PostgreSQL queue and offers the task
    let offer: { id: string; status: string; task: { id: string } } | undefined;
    await eventually(async () => {
      const offers = await api.ok<{ id: string; status: string; task: { id: string } }[]>(
        MY_OFFERS,
        {},
        memberToken,
      );
      offer = offers.find((o) => o.task.id === task.id);
      return offer !== undefined;
    }, 30_000);
    expect(offer?.status).toBe('PENDING');
    expect(await api.ok(ACCEPT, { id: offer?.id }, memberToken)).toEqual({ status: 'ACCEPTED' });
    expect(await api.ok(TASK, { id: task.id }, committee)).toEqual({ status: 'FILLED' });

    // service logged from the app and verified by the committee
    const log = await api.ok<{ id: string; status: string }>(
      SUBMIT,
      {
        i: {
          clientRequestId: 'embedded-1',
          theme: '入户走访',
          content: '走访独居老人',
          place: '东湖小区',
          startsAt: new Date(Date.now() - 3 * HOUR).toISOString(),
          endsAt: new Date(Date.now() - HOUR).toISOString(),
          communityId,
        },
      },
      memberToken,
    );
    expect(log.status).toBe('SUBMITTED');
    expect(await api.ok(VERIFY, { ids: [log.id] }, committee)).toEqual([{ status: 'VERIFIED' }]);
  }, 180_000);

  it('stops the server once its last user lets go, and starts it again with the data kept', async () => {
    for (const app of running.splice(0).reverse()) await app.close();
    // another process of ours still uses it (Jest's own, alive): it keeps running
    const other = join(home, 'users', String(process.ppid));
    await writeFile(other, '');
    await runtime?.release();
    expect(existsSync(join(home, 'postgres', 'postmaster.pid'))).toBe(true);
    // that one lets go too: the last one stops it
    await rm(other);
    await runtime?.release();
    expect(existsSync(join(home, 'postgres', 'postmaster.pid'))).toBe(false);

    const again: Record<string, string | undefined> = { ...env };
    for (const name of CHOSEN) again[name] = undefined;
    runtime = await prepareRuntime(again);
    expect(runtime.database).toBe('embedded');
    // the queues keep to the store first chosen beside this database, unprobed
    expect(runtime.queues).toBe('postgres');
    expect(runtime.reasons.join('\n')).toContain('as first chosen here');
    env = again;
    const { api } = await startApps();
    const admin = await api.ok<{ accessToken: string }>(
      LOGIN,
      { u: 'q-admin', p: DEMO_PASSWORD },
      '',
    );
    expect(admin.accessToken).toEqual(expect.any(String));
  }, 120_000);
});
