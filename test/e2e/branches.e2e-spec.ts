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
  unique,
  type TestApi,
} from '#testing';

/** Branches, party groups and the GROUP_LEADER scope that leading one brings. */
describe('branches, party groups and group leaders', () => {
  let api: TestApi;
  let community: string;
  let unit: string;
  let admin: string;

  beforeAll(async () => {
    api = await startTestApi();
    community = (await createCommunity(api.app)).id;
    unit = (await createUnit(api.app, [community])).id;
    admin = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: community }]);
  });

  afterAll(async () => {
    await api.close();
  });

  const gql = <T = { r: { id: string } }>(q: string, v: Record<string, unknown>, token: string) =>
    api.gql<T>(q, v, { token });

  /** A seconded member with an active secondment in the community. */
  const servingMember = async (): Promise<string> =>
    (await createServingMember(api.app, { unitId: unit, communityId: community })).member.id;

  const signInAsMember = (memberId: string) => signIn(api.app, [{ role: 'MEMBER', memberId }]);

  async function branchWithGroups(count: number) {
    const branch = await gql(
      `mutation($i: CreateTemporaryBranchInput!) { r: createTemporaryBranch(input: $i) { id } }`,
      {
        i: {
          communityId: community,
          name: unique('支部'),
          purpose: '疫情防控',
          startsOn: '2026-01-01',
        },
      },
      admin,
    );
    const groups: string[] = [];
    for (let i = 0; i < count; i++) {
      const courtyard = (await createCourtyard(api.app, community)).id;
      const group = await gql(
        `mutation($i: CreatePartyGroupInput!) { r: createPartyGroup(input: $i) { id } }`,
        { i: { branchId: branch.data?.r.id, courtyardId: courtyard, name: unique('党小组') } },
        admin,
      );
      groups.push(group.data?.r.id ?? '');
    }
    return { branch: branch.data?.r.id ?? '', groups };
  }

  const assign = (memberId: string, partyGroupId: string, role: string, token: string) =>
    gql(
      `mutation($i: AssignMemberInput!) { r: assignMember(input: $i) { id } }`,
      { i: { memberId, partyGroupId, role } },
      token,
    );

  it('gives a leader the GROUP_LEADER scope for their group only, and takes it away with the role', async () => {
    const { groups } = await branchWithGroups(2);
    const [mine = '', theirs = ''] = groups;
    const leader = await servingMember();
    const leadership = await assign(leader, mine, 'LEADER', admin);
    expect(leadership.errors).toBeUndefined();
    const token = await signInAsMember(leader);
    const me = await gql<{ me: { grants: { role: string; partyGroupId: string | null }[] } }>(
      '{ me { grants { role partyGroupId } } }',
      {},
      token,
    );
    expect(me.data?.me.grants).toContainEqual({ role: 'GROUP_LEADER', partyGroupId: mine });

    const newcomer = await servingMember();
    expect((await assign(newcomer, mine, 'MEMBER', token)).errors).toBeUndefined();
    expect((await assign(newcomer, theirs, 'MEMBER', token)).errors?.[0]?.extensions.code).toBe(
      'FORBIDDEN',
    );
    expect(
      (await assign(await servingMember(), mine, 'DEPUTY', token)).errors?.[0]?.extensions.code,
    ).toBe('FORBIDDEN');
    const second = await assign(await servingMember(), mine, 'LEADER', admin);
    expect(second.errors?.[0]?.extensions.code).toBe('GROUP_ROLE_TAKEN');

    await gql(
      'mutation($id: UUID!) { endAssignment(id: $id) { id } }',
      { id: leadership.data?.r.id },
      admin,
    );
    expect(
      (await assign(await servingMember(), mine, 'MEMBER', token)).errors?.[0]?.extensions.code,
    ).toBe('FORBIDDEN');
  });

  it('refuses a seconded member without an active secondment here', async () => {
    const { groups } = await branchWithGroups(1);
    const stranger = (await createMember(api.app, { kind: 'SECONDED', unitId: unit })).member.id;
    const res = await assign(stranger, groups[0] ?? '', 'MEMBER', admin);
    expect(res.errors?.[0]?.extensions.code).toBe('MEMBER_NOT_IN_COMMUNITY');
  });

  it('keeps every past assignment readable after the branch is dissolved', async () => {
    const { branch, groups } = await branchWithGroups(1);
    const group = groups[0] ?? '';
    const people = [await servingMember(), await servingMember()];
    await assign(people[0] ?? '', group, 'LEADER', admin);
    await assign(people[1] ?? '', group, 'MEMBER', admin);
    await gql(
      'mutation($id: UUID!) { dissolveTemporaryBranch(id: $id) { status } }',
      { id: branch },
      admin,
    );
    const history = await gql<{
      groupAssignments: { memberId: string; endReason: string | null }[];
    }>(
      'query($g: UUID) { groupAssignments(partyGroupId: $g, includeEnded: true) { memberId endReason } }',
      { g: group },
      admin,
    );
    expect(history.data?.groupAssignments).toHaveLength(2);
    expect(history.data?.groupAssignments.every((a) => a.endReason === 'BRANCH_DISSOLVED')).toBe(
      true,
    );
    expect(
      (await assign(await servingMember(), group, 'MEMBER', admin)).errors?.[0]?.extensions.code,
    ).toBe('BRANCH_DISSOLVED');
    // history rows cannot be rewritten, not even by the application's database role
    await expect(
      api.app
        .get(DataSource)
        .query(`UPDATE group_assignment SET role = 'LEADER' WHERE party_group_id = $1`, [group]),
    ).rejects.toThrow(/only be ended/);
  });

  it('answers the community overview in the same number of statements for 2 groups as for 8', async () => {
    const overview = async (groups: number) => {
      const own = (await createCommunity(api.app)).id;
      const token = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: own }]);
      const branch = await gql(
        `mutation($i: CreateTemporaryBranchInput!) { r: createTemporaryBranch(input: $i) { id } }`,
        { i: { communityId: own, name: '临时支部', purpose: '共同缔造', startsOn: '2026-01-01' } },
        token,
      );
      for (let i = 0; i < groups; i++) {
        const courtyard = (await createCourtyard(api.app, own)).id;
        await gql(
          `mutation($i: CreatePartyGroupInput!) { r: createPartyGroup(input: $i) { id } }`,
          {
            i: {
              branchId: branch.data?.r.id,
              courtyardId: courtyard,
              name: `第${String(i)}党小组`,
            },
          },
          token,
        );
        await createMember(api.app, { residenceCommunityId: own, residenceCourtyardId: courtyard });
      }
      const { count } = await countStatements(api.app.get(DataSource), async () => {
        const res = await gql<{
          communityOverview: { courtyards: unknown[]; residentMembers: number };
        }>(
          `query($c: UUID!) { communityOverview(communityId: $c) {
             courtyards { id } residentMembers secondedMembers overdueReReports
             branches { groups { name leader { name } deputy { name } memberCount } }
             teams { name memberCount } } }`,
          { c: own },
          token,
        );
        expect(res.errors).toBeUndefined();
        expect(res.data?.communityOverview.courtyards).toHaveLength(groups);
        expect(res.data?.communityOverview.residentMembers).toBe(groups);
      });
      return count;
    };
    const small = await overview(2);
    expect(await overview(8)).toBe(small);
  });
});
