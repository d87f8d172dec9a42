import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import {
  countStatements,
  createCommunity,
  createCourtyard,
  createMember,
  createServingMember,
  createUnit,
  signIn,
  startTestApi,
  type TestApi,
} from '#testing';

const LIST = `query { members(first: 100) { totalCount items {
  id name phone idNumber residenceCommunity { name } residenceCourtyard { name } unit { name } } } }`;

/**
 * The statements the hottest requests send. The member list resolves its
 * nested fields through per-request loaders, so the statements it sends do
 * not grow with the rows it returns.
 */
describe('SQL statements per request', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });

  afterAll(async () => {
    await api.close();
  });

  async function listStatements(members: number): Promise<number> {
    const community = await createCommunity(api.app);
    const courtyards = [
      await createCourtyard(api.app, community.id),
      await createCourtyard(api.app, community.id),
    ];
    const unit = await createUnit(api.app, [community.id]);
    for (let i = 0; i < members; i++) {
      const resident = i % 2 === 0;
      await createMember(
        api.app,
        resident
          ? {
              residenceCommunityId: community.id,
              residenceCourtyardId: courtyards[i % courtyards.length]?.id ?? null,
            }
          : { kind: 'SECONDED', unitId: unit.id },
      );
    }
    const admin = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: community.id }]);
    const { count } = await countStatements(api.app.get(DataSource), async () => {
      const res = await api.gql<{ members: { totalCount: number } }>(LIST, {}, { token: admin });
      expect(res.errors).toBeUndefined();
      expect(res.data?.members.totalCount).toBe(members);
    });
    return count;
  }

  it('answers `me` with one statement: account, session and grants together', async () => {
    const community = await createCommunity(api.app);
    const admin = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: community.id }]);
    // A new session: nothing kept yet (test/e2e/actor-cache.e2e-spec.ts covers what is kept).
    const { statements } = await countStatements(api.app.get(DataSource), async () => {
      const res = await api.gql<{ me: { username: string; grants: unknown[] } }>(
        '{ me { id username createdAt grants { role communityId } } }',
        {},
        { token: admin },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.me.grants).toEqual([{ role: 'COMMUNITY_ADMIN', communityId: community.id }]);
    });
    expect(statements).toHaveLength(1);
  });

  it('lists members with phones in two statements, audit included, for the committee and an operator', async () => {
    const community = await createCommunity(api.app);
    const courtyard = await createCourtyard(api.app, community.id);
    const unit = await createUnit(api.app, [community.id]);
    for (let i = 0; i < 6; i++) {
      await createMember(api.app, {
        residenceCommunityId: community.id,
        residenceCourtyardId: courtyard.id,
      });
    }
    // Serving in the community: the committee reads the phone in clear, and that read is audited.
    await createServingMember(api.app, { unitId: unit.id, communityId: community.id });
    const query = `query($c: UUID) { members(first: 20, filter: { residenceCommunityId: $c }) {
      totalCount items { name kind phone residenceCourtyard { name } } } }`;
    for (const [grants, variables] of [
      [[{ role: 'COMMUNITY_ADMIN' as const, communityId: community.id }], {}],
      [[{ role: 'OPERATOR' as const }], { c: community.id }],
    ] as const) {
      const token = await signIn(api.app, [...grants]);
      const { statements } = await countStatements(api.app.get(DataSource), async () => {
        const res = await api.gql<{ members: { totalCount: number } }>(query, variables, { token });
        expect(res.errors).toBeUndefined();
        expect(res.data?.members.totalCount).toBe(grants[0].role === 'OPERATOR' ? 6 : 7);
      });
      // The actor, then the page with its count, courtyards and audit lines.
      expect(statements).toHaveLength(2);
      expect(statements[1]).toMatch(/INSERT INTO audit_log/);
    }
  });

  it('sends as many statements for 40 members as for 4', async () => {
    const small = await listStatements(4);
    const large = await listStatements(40);
    expect(small).toBeGreaterThan(0);
    expect(large).toBe(small);
  });
});
