import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createCommunity, makeMemberInput, signIn, startTestApi, type TestApi } from '#testing';

const REGISTER = 'mutation($input: RegisterMemberInput!) { registerMember(input: $input) { id } }';

/** Bad input gets a typed error and changes nothing: no member, no audit line, no job. */
describe('input validation', () => {
  let api: TestApi;
  let token: string;
  let communityId: string;
  let db: DataSource;

  // Scoped to this suite's community and account: other suites write to the
  // same database at the same time.
  let accountId: string;
  const counts = async () => {
    const [row] = await db.query<{ members: string; audits: string; jobs: string }[]>(
      `SELECT (SELECT count(*) FROM member WHERE residence_community_id = $1) AS members,
              (SELECT count(*) FROM audit_log
                WHERE action = 'member.register' AND account_id = $2) AS audits,
              (SELECT count(*) FROM outbox_message WHERE payload->>'memberId' IN
                (SELECT id::text FROM member WHERE residence_community_id = $1)) AS jobs`,
      [communityId, accountId],
    );
    return row;
  };

  beforeAll(async () => {
    api = await startTestApi();
    db = api.app.get(DataSource);
    communityId = (await createCommunity(api.app)).id;
    token = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId }]);
    const me = await api.gql<{ me: { id: string } }>('{ me { id } }', {}, { token });
    accountId = me.data?.me.id ?? '';
  });

  afterAll(async () => {
    await api.close();
  });

  const flipCheckDigit = (id: string) => `${id.slice(0, 17)}${id.endsWith('0') ? '1' : '0'}`;

  it.each([
    [
      'an ID number with a wrong check digit',
      (i: Record<string, unknown>) => ({ ...i, idNumber: flipCheckDigit(String(i.idNumber)) }),
      'idNumber',
    ],
    ['a malformed phone', (i: Record<string, unknown>) => ({ ...i, phone: '1234' }), 'phone'],
    ['an empty name', (i: Record<string, unknown>) => ({ ...i, name: '   ' }), 'name'],
    [
      'a name of only a zero-width space',
      (i: Record<string, unknown>) => ({ ...i, name: '\u200B' }),
      'name',
    ],
    [
      'a name with a right-to-left override',
      (i: Record<string, unknown>) => ({ ...i, name: '张\u202E三' }),
      'name',
    ],
    [
      'an oversized name',
      (i: Record<string, unknown>) => ({ ...i, name: '张'.repeat(5000) }),
      'name',
    ],
    [
      'a birth date that does not match the ID number',
      (i: Record<string, unknown>) => ({ ...i, birthDate: '1950-01-01' }),
      'birthDate',
    ],
    [
      'too many skills',
      (i: Record<string, unknown>) => ({
        ...i,
        skills: Array.from({ length: 50 }, (_, n) => `技能${n}`),
      }),
      'skills',
    ],
    [
      'a window ending before it starts',
      (i: Record<string, unknown>) => ({
        ...i,
        availability: [{ weekday: 1, start: '11:00', end: '09:00' }],
      }),
      'availability',
    ],
  ])(
    'refuses %s with BAD_USER_INPUT on the field, writing nothing',
    async (_label, corrupt, field) => {
      const before = await counts();
      const input = corrupt({ ...makeMemberInput({ residenceCommunityId: communityId }) });
      const res = await api.gql(REGISTER, { input }, { token });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await counts()).toEqual(before);
    },
  );

  it('does not repeat a rejected ID number or phone in the error', async () => {
    const input = {
      ...makeMemberInput({ residenceCommunityId: communityId }),
      phone: '12345678901',
    };
    const res = await api.gql(REGISTER, { input }, { token });
    expect(JSON.stringify(res.errors)).not.toContain('12345678901');
    expect(JSON.stringify(res.errors)).not.toContain(input.idNumber);
  });

  it('logs a refused request as a completed request, not as an error', async () => {
    const input = { ...makeMemberInput({ residenceCommunityId: communityId }), phone: '1234' };
    const res = await api.gql(REGISTER, { input }, { token });
    const requestId = res.errors?.[0]?.extensions.requestId;
    expect(requestId).toBeDefined();
    const lines = api
      .logLines()
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.reqId === requestId || line.context === 'ExceptionsHandler');
    expect(lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
    expect(lines).toContainEqual(
      expect.objectContaining({ res: { statusCode: 200 }, msg: 'request completed' }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ req: { method: 'POST', path: '/graphql' } }),
    );
  });

  it('refuses an unknown enum value at the edge', async () => {
    const before = await counts();
    const input = { ...makeMemberInput({ residenceCommunityId: communityId }), kind: 'ALIEN' };
    const res = await api.gql(REGISTER, { input }, { token });
    expect(res.statusCode).toBe(400);
    expect(res.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
  });

  it('refuses a malformed id with BAD_USER_INPUT instead of a database error', async () => {
    const res = await api.gql('query { member(id: "not-a-uuid") { id } }', {}, { token });
    expect(res.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a page size of 10,000', async () => {
    const res = await api.gql('query { members(first: 10000) { totalCount } }', {}, { token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('refuses a second registration of the same ID number with a CONFLICT, keeping the first', async () => {
    const input = makeMemberInput({ residenceCommunityId: communityId });
    const first = await api.gql(REGISTER, { input }, { token });
    expect(first.errors).toBeUndefined();
    const before = await counts();
    const again = await api.gql(REGISTER, { input: { ...input, phone: '13700000000' } }, { token });
    expect(again.errors?.[0]?.extensions).toMatchObject({
      code: 'MEMBER_ALREADY_REGISTERED',
      category: 'CONFLICT',
    });
    expect(await counts()).toEqual(before);
  });

  it('accepts a minority name with a middle dot and a name with a character outside the BMP', async () => {
    for (const name of ['买买提·艾力', '𠮷田雪']) {
      const res = await api.gql<{ registerMember: { id: string } }>(
        'mutation($input: RegisterMemberInput!) { registerMember(input: $input) { id name } }',
        { input: makeMemberInput({ residenceCommunityId: communityId, name }) },
        { token },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.registerMember).toMatchObject({ name });
    }
  });
});
