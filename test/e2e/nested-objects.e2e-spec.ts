import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import {
  countStatements,
  createCommunity,
  createCourtyard,
  createServingMember,
  createUnit,
  signIn,
  startTestApi,
  unique,
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
    const { count } = await countStatements(api.app.get(DataSource), async () => {
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

  it('gives a role grant, a party group and a rotation batch the records their ids name', async () => {
    const community = await createCommunity(api.app);
    const courtyard = await createCourtyard(api.app, community.id);
    const unit = await createUnit(api.app, [community.id]);
    const admin = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: community.id }]);
    const gql = <T>(query: string, variables: Record<string, unknown> = {}) =>
      api.gql<T>(query, variables, { token: admin });

    const me = await gql<{ me: { grants: { community: Named | null; unit: Named | null }[] } }>(
      '{ me { grants { community { id name } unit { id name } } } }',
    );
    expect(me.errors).toBeUndefined();
    expect(me.data?.me.grants).toEqual([
      { community: { id: community.id, name: community.name }, unit: null },
    ]);

    const branch = await gql<{ r: { id: string } }>(
      `mutation($i: CreateTemporaryBranchInput!) { r: createTemporaryBranch(input: $i) { id } }`,
      {
        i: {
          communityId: community.id,
          name: unique('支部'),
          purpose: '疫情防控',
          startsOn: '2026-01-01',
        },
      },
    );
    const group = await gql<{
      r: { branch: { id: string; status: string }; courtyard: Named; community: Named };
    }>(
      `mutation($i: CreatePartyGroupInput!) { r: createPartyGroup(input: $i) {
        branch { id status } courtyard { id name } community { id name } } }`,
      { i: { branchId: branch.data?.r.id, courtyardId: courtyard.id, name: unique('党小组') } },
    );
    expect(group.errors).toBeUndefined();
    expect(group.data?.r).toEqual({
      branch: { id: branch.data?.r.id, status: 'OPEN' },
      courtyard: { id: courtyard.id, name: courtyard.name },
      community: { id: community.id, name: community.name },
    });

    const batch = await gql<{ r: { status: string; community: Named; leadUnit: Named } }>(
      `mutation($i: CreateRotationBatchInput!) { r: createRotationBatch(input: $i) {
        status community { id name } leadUnit { id name } } }`,
      {
        i: {
          communityId: community.id,
          leadUnitId: unit.id,
          name: unique('批次'),
          plannedStart: '2026-03-01',
          plannedEnd: '2026-08-31',
          headcount: 5,
          filingReference: unique('备案'),
        },
      },
    );
    expect(batch.errors).toBeUndefined();
    expect(batch.data?.r).toEqual({
      status: 'OPEN',
      community: { id: community.id, name: community.name },
      leadUnit: { id: unit.id, name: unit.name },
    });
  });
});
