import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  countStatements,
  createCommunity,
  createServingMember,
  createUnit,
  signIn,
  startTestApi,
  type TestApi,
} from '#testing';

interface Named {
  id: string;
  name: string;
}

interface SecondmentRow {
  memberId: string;
  communityId: string;
  unitId: string;
  member: Named | null;
  community: Named;
  unit: Named;
}

const SECONDMENTS = `query($c: UUID) { secondments(first: 100, filter: { communityId: $c }) {
  totalCount items { memberId communityId unitId
    member { id name } community { id name } unit { id name } } } }`;

/**
 * Every id a client would follow is also a nested object, read through the
 * owning feature's per-request loader: a page of N secondments costs the
 * same statements whatever N is.
 */
describe('nested objects', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });

  afterAll(async () => {
    await api.close();
  });

  async function secondmentsOf(serving: number) {
    const community = await createCommunity(api.app);
    const unit = await createUnit(api.app, [community.id]);
    for (let i = 0; i < serving; i++) {
      await createServingMember(api.app, { unitId: unit.id, communityId: community.id });
    }
    const admin = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: community.id }]);
    let rows: SecondmentRow[] = [];
    const { count } = await countStatements(async () => {
      const res = await api.gql<{ secondments: { items: SecondmentRow[] } }>(
        SECONDMENTS,
        { c: community.id },
        { token: admin },
      );
      expect(res.errors).toBeUndefined();
      rows = res.data?.secondments.items ?? [];
    });
    return { community, unit, rows, count };
  }

  it('gives a secondment its member, community and unit', async () => {
    const { community, unit, rows } = await secondmentsOf(3);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.member?.id).toBe(row.memberId);
      expect(row.community).toEqual({ id: community.id, name: community.name });
      expect(row.unit).toEqual({ id: unit.id, name: unit.name });
    }
  });

  it('reads them in as many statements for 12 secondments as for 2', async () => {
    const small = await secondmentsOf(2);
    const large = await secondmentsOf(12);
    expect(small.count).toBeGreaterThan(0);
    expect(large.count).toBe(small.count);
  });
});
