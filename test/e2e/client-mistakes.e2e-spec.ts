import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import {
  createCommunity,
  createUnit,
  makeMemberInput,
  signIn,
  startTestApi,
  type GraphQLResponse,
  type RawRequest,
  type TestApi,
} from '#testing';

const CREATE_COURTYARD =
  'mutation($i: CreateCourtyardInput!) { createCourtyard(input: $i) { id } }';
const REGISTER = 'mutation($i: RegisterMemberInput!) { registerMember(input: $i) { id } }';
const CREATE_BRANCH =
  'mutation($i: CreateTemporaryBranchInput!) { createTemporaryBranch(input: $i) { id } }';
const CREATE_BATCH =
  'mutation($i: CreateRotationBatchInput!) { createRotationBatch(input: $i) { id } }';

/**
 * What a client gets wrong is the client's mistake: a typed 4xx in the
 * GraphQL error shape, never an INTERNAL_SERVER_ERROR with a stack in the
 * error log, and nothing written.
 */
describe('client mistakes', () => {
  let api: TestApi;
  let db: DataSource;
  let token: string;
  let communityId: string;
  let unitId: string;
  let accountId: string;

  // Scoped to this suite's community and account: other suites share the database.
  const counts = async () => {
    const [row] = await db.query<Record<string, string>[]>(
      `SELECT (SELECT count(*) FROM courtyard WHERE community_id = $1) AS courtyards,
              (SELECT count(*) FROM member WHERE residence_community_id = $1) AS members,
              (SELECT count(*) FROM temporary_branch WHERE community_id = $1) AS branches,
              (SELECT count(*) FROM rotation_batch WHERE community_id = $1) AS batches,
              (SELECT count(*) FROM audit_log WHERE account_id = $2) AS audits`,
      [communityId, accountId],
    );
    return row;
  };

  beforeAll(async () => {
    api = await startTestApi();
    db = api.app.get(DataSource);
    communityId = (await createCommunity(api.app)).id;
    unitId = (await createUnit(api.app, [communityId])).id;
    token = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId }]);
    const me = await api.gql<{ me: { id: string } }>('{ me { id } }', {}, { token });
    accountId = me.data?.me.id ?? '';
  });

  afterAll(async () => {
    await api.close();
  });

  /**
   * Sends a request that must be refused: checks the answer's shape, status
   * and code, that nothing was written, and that the API logged no error and
   * no stack while answering it.
   */
  async function expectRefused(
    send: () => Promise<GraphQLResponse<unknown>>,
    expected: { status: number; code: string },
  ): Promise<GraphQLResponse<unknown>> {
    const before = await counts();
    const logged = api.logLines().length;
    const res = await send();
    expect(res.statusCode).toBe(expected.status);
    expect(res.data).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: expected.code,
      requestId: expect.any(String),
    });
    expect(await counts()).toEqual(before);
    const lines = api.logLines().slice(logged);
    expect(lines.length).toBeGreaterThan(0);
    const parsed = lines.map((line) => JSON.parse(line) as { level: number });
    expect(parsed.filter((line) => line.level >= 50)).toEqual([]);
    expect(lines.filter((line) => line.includes('"stack"'))).toEqual([]);
    return res;
  }

  const post = (payload: string, headers: Record<string, string> = {}): RawRequest => ({
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    payload,
  });
  const courtyard = (name: string) =>
    JSON.stringify({
      query: CREATE_COURTYARD,
      variables: { i: { communityId, name, kind: 'COMPOUND' } },
    });

  describe('at the HTTP edge', () => {
    it('answers a 1 MB body with 413 PAYLOAD_TOO_LARGE', async () => {
      const res = await expectRefused(() => api.raw(post(courtyard('大'.repeat(350_000)))), {
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
      });
      expect(res.errors?.[0]?.message).toBe('请求体过大');
    });

    it('answers an unknown content type with 415 UNSUPPORTED_MEDIA_TYPE, in English when asked', async () => {
      const res = await expectRefused(
        () =>
          api.raw(
            post('<createCourtyard/>', {
              'content-type': 'application/xml',
              'accept-language': 'en',
            }),
          ),
        { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      );
      expect(res.errors?.[0]?.message).toBe(
        'The request body must be JSON (Content-Type: application/json)',
      );
    });

    it('answers a multipart upload with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const body = [
        '--b',
        'Content-Disposition: form-data; name="operations"',
        '',
        courtyard('院子'),
        '--b--',
        '',
      ].join('\r\n');
      await expectRefused(
        () => api.raw(post(body, { 'content-type': 'multipart/form-data; boundary=b' })),
        { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      );
    });

    it.each([
      ['truncated JSON', '{"query": "mutation'],
      ['an empty body', ''],
      [
        'a raw NUL byte, which JSON does not allow in a string',
        courtyard('院\u0000子').replace('\\u0000', '\u0000'),
      ],
      ['prototype poisoning', '{"query": "{ __typename }", "__proto__": {"admin": true}}'],
    ])('answers %s with 400 BAD_USER_INPUT', async (_, payload) => {
      await expectRefused(() => api.raw(post(payload)), { status: 400, code: 'BAD_USER_INPUT' });
    });
  });

  describe('NUL characters', () => {
    it('refuses NUL in a variable', async () => {
      const res = await expectRefused(() => api.raw(post(courtyard('院\u0000子'))), {
        status: 400,
        code: 'BAD_USER_INPUT',
      });
      expect(res.errors?.[0]?.message).toBe('请求包含非法的空字符（U+0000）');
    });

    it('refuses NUL deep inside a variable (a skill of a member)', async () => {
      const input = makeMemberInput({ residenceCommunityId: communityId, skills: ['电工\u0000'] });
      await expectRefused(() => api.gql(REGISTER, { i: input }, { token }), {
        status: 400,
        code: 'BAD_USER_INPUT',
      });
    });

    it('refuses NUL in a read that would reach PostgreSQL (a skill filter)', async () => {
      await expectRefused(
        () =>
          api.gql(
            'query($s: String) { members(filter: { skill: $s }) { totalCount } }',
            { s: '电\u0000工' },
            { token },
          ),
        { status: 400, code: 'BAD_USER_INPUT' },
      );
    });

    it.each([
      ['as a GraphQL escape', '\\u0000'],
      ['as a braced GraphQL escape', '\\u{0}'],
      ['written raw', '\u0000'],
    ])('refuses NUL in a string literal of the document, %s', async (_, nul) => {
      const query = `mutation { createCourtyard(input: { communityId: "${communityId}", name: "院${nul}子", kind: COMPOUND }) { id } }`;
      await expectRefused(() => api.gql(query, undefined, { token }), {
        status: 400,
        code: 'BAD_USER_INPUT',
      });
    });

    it('refuses NUL in the variables of a GET', async () => {
      const query = encodeURIComponent(
        'query($s: String) { members(filter: { skill: $s }) { totalCount } }',
      );
      const variables = encodeURIComponent(JSON.stringify({ s: '电\u0000工' }));
      await expectRefused(
        () =>
          api.raw({
            method: 'GET',
            url: `/graphql?query=${query}&variables=${variables}`,
            headers: { authorization: `Bearer ${token}` },
          }),
        { status: 400, code: 'BAD_USER_INPUT' },
      );
    });

    it('still accepts a backslash followed by u0000 as ordinary text', async () => {
      const res = await api.raw<{ createCourtyard: { id: string } }>(
        post(courtyard('院\\u0000子')),
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.createCourtyard.id).toEqual(expect.any(String));
    });
  });

  describe('impossible calendar dates', () => {
    it('refuses 2025-02-30 as a birth date', async () => {
      const input = makeMemberInput({ residenceCommunityId: communityId, birthDate: '2025-02-30' });
      await expectRefused(() => api.gql(REGISTER, { i: input }, { token }), {
        status: 400,
        code: 'BAD_USER_INPUT',
      });
    });

    it('refuses 2025-02-30 as the start of a temporary branch, as a variable or a literal', async () => {
      const input = { communityId, name: '临时支部', purpose: '防汛', startsOn: '2025-02-30' };
      await expectRefused(() => api.gql(CREATE_BRANCH, { i: input }, { token }), {
        status: 400,
        code: 'BAD_USER_INPUT',
      });
      const literal = `mutation { createTemporaryBranch(input: { communityId: "${communityId}", name: "临时支部", purpose: "防汛", startsOn: "2026-01-01", endsOn: "2026-04-31" }) { id } }`;
      await expectRefused(() => api.gql(literal, undefined, { token }), {
        status: 400,
        code: 'BAD_USER_INPUT',
      });
    });

    it('refuses 2025-02-30 as the planned end of a rotation batch', async () => {
      const input = {
        communityId,
        leadUnitId: unitId,
        name: '2025年第一批',
        plannedStart: '2025-01-01',
        plannedEnd: '2025-02-30',
        headcount: 5,
        filingReference: '备〔2025〕1号',
      };
      await expectRefused(() => api.gql(CREATE_BATCH, { i: input }, { token }), {
        status: 400,
        code: 'BAD_USER_INPUT',
      });
    });

    it('returns the dates it accepted as they were given', async () => {
      const res = await api.gql<{ createTemporaryBranch: { startsOn: string; endsOn: string } }>(
        'mutation($i: CreateTemporaryBranchInput!) { createTemporaryBranch(input: $i) { startsOn endsOn } }',
        {
          i: {
            communityId,
            name: '临时支部',
            purpose: '防汛',
            startsOn: '2024-02-29',
            endsOn: '2024-12-31',
          },
        },
        { token },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.createTemporaryBranch).toEqual({
        startsOn: '2024-02-29',
        endsOn: '2024-12-31',
      });
    });
  });
});
