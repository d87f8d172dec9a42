import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createCommunity,
  createMember,
  createUnit,
  makeMemberInput,
  signIn,
  startTestApi,
  type TestApi,
} from '#testing';

/**
 * Unit HR see nothing outside their unit; a committee changes nothing
 * outside its community. Checked through GraphQL, the way a client would try.
 */
describe('scoped authorization', () => {
  let api: TestApi;
  let hrA: string;
  let adminX: string;
  let communityX: string;
  let communityY: string;
  let unitA: string;
  let unitB: string;
  let memberOfA: string;
  let memberOfB: string;
  let residentOfY: string;

  beforeAll(async () => {
    api = await startTestApi();
    communityX = (await createCommunity(api.app)).id;
    communityY = (await createCommunity(api.app)).id;
    // Both units are paired with community X, so X's committee sees both.
    unitA = (await createUnit(api.app, [communityX])).id;
    unitB = (await createUnit(api.app, [communityX])).id;
    memberOfA = (await createMember(api.app, { kind: 'SECONDED', unitId: unitA })).member.id;
    memberOfB = (await createMember(api.app, { kind: 'SECONDED', unitId: unitB })).member.id;
    residentOfY = (await createMember(api.app, { residenceCommunityId: communityY })).member.id;
    hrA = await signIn(api.app, [{ role: 'UNIT_HR', unitId: unitA }]);
    adminX = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: communityX }]);
  });

  afterAll(async () => {
    await api.close();
  });

  describe('UNIT_HR of unit A', () => {
    it('reads a member of A by id, with clear personal data', async () => {
      const res = await api.gql<{ member: { id: string; phone: string } }>(
        'query($id: UUID!) { member(id: $id) { id phone } }',
        { id: memberOfA },
        { token: hrA },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.member.id).toBe(memberOfA);
      expect(res.data?.member.phone).toMatch(/^1\d{10}$/);
    });

    it('cannot read a member of unit B by id (NOT_FOUND, not FORBIDDEN, so ids cannot be probed)', async () => {
      const res = await api.gql(
        'query($id: UUID!) { member(id: $id) { id name } }',
        { id: memberOfB },
        { token: hrA },
      );
      expect(res.data).toBeNull();
      expect(res.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    });

    it('does not see B’s member in any list, even when filtering for unit B', async () => {
      const all = await api.gql<{ members: { items: { id: string }[]; totalCount: number } }>(
        'query { members(first: 100) { items { id } totalCount } }',
        {},
        { token: hrA },
      );
      const ids = all.data?.members.items.map((m) => m.id) ?? [];
      expect(ids).toContain(memberOfA);
      expect(ids).not.toContain(memberOfB);
      expect(all.data?.members.totalCount).toBe(1);

      const filtered = await api.gql<{ members: { totalCount: number } }>(
        'query($u: UUID) { members(filter: { unitId: $u }) { totalCount } }',
        { u: unitB },
        { token: hrA },
      );
      expect(filtered.data?.members.totalCount).toBe(0);
    });

    it('cannot reach B’s member through a nested field', async () => {
      // Unit B itself is outside the scope...
      const unit = await api.gql(
        'query($id: UUID!) { unit(id: $id) { members { items { id } } } }',
        { id: unitB },
        {
          token: hrA,
        },
      );
      expect(unit.errors?.[0]?.extensions.code).toBe('NOT_FOUND');

      // ...and through the paired community, whose member list is narrowed to unit A.
      const nested = await api.gql<{
        community: { pairedUnits: { id: string; members: { items: { id: string }[] } }[] };
      }>(
        'query($id: UUID!) { community(id: $id) { pairedUnits { id members { items { id } } } } }',
        { id: communityX },
        { token: hrA },
      );
      expect(nested.errors).toBeUndefined();
      const units = nested.data?.community.pairedUnits ?? [];
      expect(units.map((u) => u.id)).toEqual([unitA]);
      const reached = units.flatMap((u) => u.members.items.map((m) => m.id));
      expect(reached).toEqual([memberOfA]);
    });
  });

  describe('COMMUNITY_ADMIN of community X', () => {
    it('sees a paired unit’s seconded member, but masked: that unit holds their personal data', async () => {
      const res = await api.gql<{ member: { phone: string; idNumber: string } }>(
        'query($id: UUID!) { member(id: $id) { phone idNumber } }',
        { id: memberOfB },
        { token: adminX },
      );
      expect(res.data?.member.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
      expect(res.data?.member.idNumber).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
    });

    it('cannot register a resident in community Y', async () => {
      const input = { ...makeMemberInput({ residenceCommunityId: communityY }) };
      const res = await api.gql(
        'mutation($input: RegisterMemberInput!) { registerMember(input: $input) { id } }',
        { input },
        { token: adminX },
      );
      expect(res.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    });

    it('cannot add a courtyard to, or pair a unit with, community Y', async () => {
      const courtyard = await api.gql(
        'mutation($c: UUID!) { createCourtyard(input: { communityId: $c, name: "越权小区", kind: COMPOUND }) { id } }',
        { c: communityY },
        { token: adminX },
      );
      expect(courtyard.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      const pairing = await api.gql(
        'mutation($u: UUID!, $c: UUID!) { pairUnit(input: { unitId: $u, communityId: $c }) { unitId } }',
        { u: unitA, c: communityY },
        { token: adminX },
      );
      expect(pairing.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    });

    it('cannot update a resident of community Y', async () => {
      const res = await api.gql(
        'mutation($id: UUID!) { updateMember(id: $id, input: { name: "改名" }) { id } }',
        { id: residentOfY },
        { token: adminX },
      );
      expect(res.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
      const check = await api.gql<{ member: { name: string } }>(
        'query($id: UUID!) { member(id: $id) { name } }',
        { id: residentOfY },
        { token: await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: communityY }]) },
      );
      expect(check.data?.member.name).toBe('测试党员');
    });

    it('cannot create communities or units (operator only)', async () => {
      const res = await api.gql(
        'mutation { createUnit(input: { name: "某单位", kind: OTHER }) { id } }',
        {},
        { token: adminX },
      );
      expect(res.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    });
  });

  it('refuses anonymous callers with UNAUTHENTICATED, in English when asked', async () => {
    const res = await api.gql(
      'query { members { totalCount } }',
      {},
      { language: 'en-US,en;q=0.9' },
    );
    expect(res.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0]?.message).toBe('Authentication required');
    const zh = await api.gql('query { members { totalCount } }');
    expect(zh.errors?.[0]?.message).toBe('请先登录');
  });
});
