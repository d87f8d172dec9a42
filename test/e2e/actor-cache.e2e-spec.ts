import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import pg from 'pg';
import {
  countStatements,
  createCommunity,
  createCourtyard,
  createServingMember,
  createUnit,
  eventually,
  signIn,
  startTestApi,
  unique,
  type TestApi,
} from '#testing';

const ME = '{ me { id grants { role communityId } } }';

/** The session a token names (its `sid` claim). */
function sessionOf(token: string): string {
  const payload = token.split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sid: string }).sid;
}

/**
 * The API keeps who each session's token stands for between requests, and
 * forgets it when the database announces a change. These changes are made by
 * another connection, as another API process, the worker or the CLI would
 * make them; the API's own changes are heard before they return (the
 * accounts and branches specs revoke, disable and end leaderships through it
 * and expect the very next request to see it).
 */
describe('Who a token stands for, kept between requests', () => {
  let api: TestApi;
  let elsewhere: pg.Client;

  beforeAll(async () => {
    api = await startTestApi();
    elsewhere = new pg.Client({ connectionString: api.config.database.url });
    await elsewhere.connect();
  });

  afterAll(async () => {
    await elsewhere.end();
    await api.close();
  });

  const me = (token: string) =>
    api.gql<{ me: { grants: { role: string; communityId: string | null }[] } }>(ME, {}, { token });

  /** Sends `me` until one is served with no statement: other specs' changes may forget everything. */
  async function servedFromCache(token: string): Promise<void> {
    const counts: number[] = [];
    for (let i = 0; i < 10 && !counts.includes(0); i++) {
      const { count } = await countStatements(api.app.get(DataSource), async () => {
        expect((await me(token)).errors).toBeUndefined();
      });
      counts.push(count);
    }
    expect(counts).toContain(0);
  }

  it('serves a session without a statement, and refuses it once another process revokes it', async () => {
    const community = await createCommunity(api.app);
    const token = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: community.id }]);
    await servedFromCache(token);

    await elsewhere.query(
      `UPDATE auth_session SET revoked_at = now(), revoke_reason = 'LOGOUT' WHERE id = $1`,
      [sessionOf(token)],
    );
    await eventually(
      async () => (await me(token)).errors?.[0]?.extensions.code === 'UNAUTHENTICATED',
    );
  });

  it('sees a grant revoked by another process on the next request after it is announced', async () => {
    const community = await createCommunity(api.app);
    const other = await createCommunity(api.app);
    const token = await signIn(api.app, [
      { role: 'COMMUNITY_ADMIN', communityId: community.id },
      { role: 'COMMUNITY_ADMIN', communityId: other.id },
    ]);
    await servedFromCache(token);

    await elsewhere.query(
      `UPDATE role_grant SET revoked_at = now()
        WHERE community_id = $1 AND account_id = (SELECT account_id FROM auth_session WHERE id = $2)`,
      [other.id, sessionOf(token)],
    );
    await eventually(async () => (await me(token)).data?.me.grants.length === 1);
    expect((await me(token)).data?.me.grants).toEqual([
      { role: 'COMMUNITY_ADMIN', communityId: community.id },
    ]);
  });

  it('takes a GROUP_LEADER grant away once another process ends the leadership', async () => {
    const community = (await createCommunity(api.app)).id;
    const unit = (await createUnit(api.app, [community])).id;
    const admin = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: community }]);
    const mutate = async (mutation: string, input: Record<string, unknown>) => {
      const res = await api.gql<{ r: { id: string } }>(mutation, { i: input }, { token: admin });
      expect(res.errors).toBeUndefined();
      return res.data?.r.id ?? '';
    };
    const branchId = await mutate(
      'mutation($i: CreateTemporaryBranchInput!) { r: createTemporaryBranch(input: $i) { id } }',
      { communityId: community, name: unique('支部'), purpose: '疫情防控', startsOn: '2026-01-01' },
    );
    const partyGroupId = await mutate(
      'mutation($i: CreatePartyGroupInput!) { r: createPartyGroup(input: $i) { id } }',
      {
        branchId,
        courtyardId: (await createCourtyard(api.app, community)).id,
        name: unique('党小组'),
      },
    );
    const memberId = (await createServingMember(api.app, { unitId: unit, communityId: community }))
      .member.id;
    const leadership = await mutate(
      'mutation($i: AssignMemberInput!) { r: assignMember(input: $i) { id } }',
      { memberId, partyGroupId, role: 'LEADER' },
    );
    const token = await signIn(api.app, [{ role: 'MEMBER', memberId }]);
    const leads = async () =>
      (await me(token)).data?.me.grants.some((grant) => grant.role === 'GROUP_LEADER');
    expect(await leads()).toBe(true);
    await servedFromCache(token);

    await elsewhere.query(
      `UPDATE group_assignment SET ended_at = now(), end_reason = 'ENDED' WHERE id = $1`,
      [leadership],
    );
    await eventually(async () => (await leads()) === false);
  });
});
