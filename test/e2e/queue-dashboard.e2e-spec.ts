import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CATALOGUE, QueueRegistry } from '#queue';
import {
  createCommunity,
  createCourtyard,
  createServingMember,
  createUnit,
  productionEnv,
  signIn,
  startTestApi,
  unique,
  type TestApi,
} from '#testing';

const DASHBOARD = '/admin/queues';
const QUEUES_API = `${DASHBOARD}/api/queues`;

interface BoardQueue {
  name: string;
  counts: Record<string, number>;
  jobs: { name: string; failedReason?: string; data: unknown }[];
}

describe('queue dashboard', () => {
  let api: TestApi;
  let operator: string;
  /** Signed-in non-operators, each holding one role (the leader is a member too). */
  const others: Record<string, string> = {};

  beforeAll(async () => {
    // A Redis prefix of its own: the failing job below must meet no other spec's worker.
    api = await startTestApi({
      env: { REDIS_KEY_PREFIX: `${process.env.VANGUARD_TEST_REDIS_PREFIX}_dashboard` },
    });
    operator = await signIn(api.app, [{ role: 'OPERATOR' }]);
    const community = (await createCommunity(api.app)).id;
    const unit = (await createUnit(api.app, [community])).id;
    others.COMMUNITY_ADMIN = await signIn(api.app, [
      { role: 'COMMUNITY_ADMIN', communityId: community },
    ]);
    others.UNIT_HR = await signIn(api.app, [{ role: 'UNIT_HR', unitId: unit }]);
    const member = (await createServingMember(api.app, { unitId: unit, communityId: community }))
      .member.id;
    others.MEMBER = await signIn(api.app, [{ role: 'MEMBER', memberId: member }]);
    others.GROUP_LEADER = await groupLeader(community, unit);
  });

  afterAll(async () => {
    await api.close();
  });

  const mutate = async (query: string, input: Record<string, unknown>) => {
    const result = await api.gql<{ r: { id: string } }>(query, { i: input }, { token: operator });
    expect(result.errors).toBeUndefined();
    return result.data?.r.id ?? '';
  };

  /** A member leading a party group, signed in: holds MEMBER and GROUP_LEADER. */
  async function groupLeader(community: string, unit: string): Promise<string> {
    const branch = await mutate(
      'mutation($i: CreateTemporaryBranchInput!) { r: createTemporaryBranch(input: $i) { id } }',
      { communityId: community, name: unique('支部'), purpose: '疫情防控', startsOn: '2026-01-01' },
    );
    const group = await mutate(
      'mutation($i: CreatePartyGroupInput!) { r: createPartyGroup(input: $i) { id } }',
      {
        branchId: branch,
        courtyardId: (await createCourtyard(api.app, community)).id,
        name: unique('党小组'),
      },
    );
    const leader = (await createServingMember(api.app, { unitId: unit, communityId: community }))
      .member.id;
    await mutate('mutation($i: AssignMemberInput!) { r: assignMember(input: $i) { id } }', {
      memberId: leader,
      partyGroupId: group,
      role: 'LEADER',
    });
    const token = await signIn(api.app, [{ role: 'MEMBER', memberId: leader }]);
    const me = await api.gql<{ me: { grants: { role: string }[] } }>(
      '{ me { grants { role } } }',
      {},
      { token },
    );
    expect(me.data?.me.grants.map((grant) => grant.role).sort()).toEqual([
      'GROUP_LEADER',
      'MEMBER',
    ]);
    return token;
  }

  const get = (url: string, headers: Record<string, string> = {}) =>
    api.app.inject({ method: 'GET', url, headers });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  /** Opens a dashboard session with the token; returns the cookie to send back. */
  async function openSession(token: string): Promise<string> {
    const response = await api.app.inject({
      method: 'POST',
      url: `${DASHBOARD}/session`,
      headers: bearer(token),
    });
    expect(response.statusCode).toBe(204);
    const setCookie = String(response.headers['set-cookie']);
    return setCookie.slice(0, setCookie.indexOf(';'));
  }

  it('answers an operator with the board and every queue with its counts', async () => {
    const page = await get(DASHBOARD, bearer(operator));
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const queues = await get(QUEUES_API, bearer(operator));
    expect(queues.statusCode).toBe(200);
    const board = queues.json<{ queues: BoardQueue[] }>().queues;
    expect(board.map((queue) => queue.name).sort()).toEqual(
      CATALOGUE.queues.map(({ name }) => name).sort(),
    );
    for (const queue of board) expect(queue.counts).toHaveProperty('failed');
  });

  it('lets the board load nothing from other sites (Google Fonts is unreachable from mainland China)', async () => {
    const page = await get(DASHBOARD, bearer(operator));
    expect(page.body).toContain('fonts.googleapis.com'); // what the policy is there to stop
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("style-src 'self' 'unsafe-inline'");
    expect(policy).not.toContain('googleapis');
  });

  it('shows a failed job with its error', async () => {
    const registry = api.app.get(QueueRegistry);
    const queue = registry.get('notifications');
    const worker = registry.broker.worker(
      'notifications',
      () => Promise.reject(new Error('the probe failed on purpose')),
      { concurrency: 1, name: 'dashboard-probe' },
    );
    try {
      const failed = new Promise((resolve) => worker.once('failed', resolve));
      await queue.add('dashboard-probe', { memberId: randomUUID() }, { attempts: 1 });
      await failed;
    } finally {
      await worker.close();
    }
    const response = await get(
      `${QUEUES_API}?activeQueue=notifications&status=failed&page=1&jobsPerPage=10`,
      bearer(operator),
    );
    const board = response.json<{ queues: BoardQueue[] }>().queues;
    const notifications = board.find((entry) => entry.name === 'notifications');
    expect(notifications?.counts.failed).toBe(1);
    expect(notifications?.jobs).toEqual([
      expect.objectContaining({
        name: 'dashboard-probe',
        failedReason: 'the probe failed on purpose',
      }),
    ]);
  });

  it('refuses anonymous callers and forged tokens with 401', async () => {
    const callers: Record<string, string>[] = [
      {},
      bearer('not-a-token'),
      { cookie: 'vanguard_queue_dashboard=x' },
    ];
    for (const headers of callers) {
      for (const url of [DASHBOARD, QUEUES_API, `${DASHBOARD}/static/favicon-32x32.png`]) {
        const response = await get(url, headers);
        expect(response.statusCode).toBe(401);
        expect(response.json()).toEqual({
          data: null,
          errors: [
            expect.objectContaining({
              extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
            }),
          ],
        });
      }
    }
  });

  it('shows a browser that is not signed in the sign-in page, with its 401', async () => {
    const response = await get(DASHBOARD, { accept: 'text/html,application/xhtml+xml' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('<form id="sign-in">');
    // The page's own script runs, and nothing else.
    const script = /<script>([\s\S]*)<\/script>/.exec(response.body)?.[1] ?? '';
    const hash = createHash('sha256').update(script).digest('base64');
    expect(response.headers['content-security-policy']).toContain(`script-src 'sha256-${hash}'`);
  });

  it.each(['COMMUNITY_ADMIN', 'UNIT_HR', 'MEMBER', 'GROUP_LEADER'])(
    'refuses %s with 403, by header and by cookie alike',
    async (role) => {
      const token = others[role] ?? '';
      // No session would give them the cookie (below); one made by hand holds the same token.
      for (const headers of [bearer(token), { cookie: `vanguard_queue_dashboard=${token}` }]) {
        for (const url of [DASHBOARD, QUEUES_API]) {
          const response = await get(url, headers);
          expect(response.statusCode).toBe(403);
          expect(response.json()).toEqual({
            data: null,
            errors: [
              expect.objectContaining({
                extensions: expect.objectContaining({ code: 'FORBIDDEN' }),
              }),
            ],
          });
        }
      }
      const session = await api.app.inject({
        method: 'POST',
        url: `${DASHBOARD}/session`,
        headers: bearer(token),
      });
      expect(session.statusCode).toBe(403);
      expect(session.headers['set-cookie']).toBeUndefined();
    },
  );

  it("lets a browser in through a cookie that only an operator's bearer token sets", async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: `${DASHBOARD}/session`,
      headers: bearer(operator),
    });
    expect(response.statusCode).toBe(204);
    const attributes = String(response.headers['set-cookie'])
      .split(';')
      .map((part) => part.trim());
    expect(attributes).toEqual(
      expect.arrayContaining([
        `Path=${DASHBOARD}`,
        'HttpOnly',
        'SameSite=Strict',
        `Max-Age=${api.config.auth.accessTokenTtlSeconds}`,
      ]),
    );
    const cookie = await openSession(operator);
    const page = await get(DASHBOARD, { cookie });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<base href="${DASHBOARD}/"`);
    // The page's scripts and styles come from under the cookie's path too.
    const assets = [...page.body.matchAll(/(?:src|href)="(static\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      expect((await get(`${DASHBOARD}/${asset}`, { cookie })).statusCode).toBe(200);
    }
    expect((await get(QUEUES_API, { cookie })).statusCode).toBe(200);
    // The cookie cannot open a session itself, so no page can ride on it
    // (a form post is not even read); nor does GraphQL take it for a token.
    for (const [headers, status] of [
      [{ cookie }, 401],
      [{ cookie, 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ] as const) {
      const ridden = await api.app.inject({
        method: 'POST',
        url: `${DASHBOARD}/session`,
        headers,
        ...(headers['content-type'] ? { payload: 'a=1' } : {}),
      });
      expect(ridden.statusCode).toBe(status);
      expect(ridden.headers['set-cookie']).toBeUndefined();
    }
    const me = await api.raw<{ me: unknown }>({
      headers: { cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(me.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('is read-only, even for an operator', async () => {
    const cookie = await openSession(operator);
    for (const [method, url] of [
      ['PUT', `${QUEUES_API}/notifications/pause`],
      ['PUT', `${QUEUES_API}/notifications/retry/failed`],
      ['PUT', `${QUEUES_API}/notifications/obliterate`],
      ['POST', `${QUEUES_API}/notifications/add`],
      ['PATCH', `${QUEUES_API}/notifications/some-job/update-data`],
    ] as const) {
      for (const headers of [bearer(operator), { cookie }]) {
        const response = await api.app.inject({ method, url, headers });
        expect(response.statusCode).toBe(405);
      }
    }
    expect(await api.app.get(QueueRegistry).get('notifications').isPaused()).toBe(false);
  });

  it('writes no token to the logs', () => {
    const logs = api.logLines().join('\n');
    for (const token of [operator, ...Object.values(others)]) expect(logs).not.toContain(token);
  });
});

describe('queue dashboard in production', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ env: productionEnv() });
  });

  afterAll(async () => {
    await api.close();
  });

  it('is absent unless QUEUE_DASHBOARD turns it on', async () => {
    const operator = await signIn(api.app, [{ role: 'OPERATOR' }]);
    for (const url of [DASHBOARD, QUEUES_API]) {
      const response = await api.app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${operator}` },
      });
      expect(response.statusCode).toBe(404);
    }
    const session = await api.app.inject({
      method: 'POST',
      url: `${DASHBOARD}/session`,
      headers: { authorization: `Bearer ${operator}` },
    });
    expect(session.statusCode).toBe(404);
  });
});
