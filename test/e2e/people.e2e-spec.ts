import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AssignmentsService, BranchesService } from '#domain/branches';
import {
  createCommunity,
  createCourtyard,
  createMember,
  createServingMember,
  createUnit,
  operatorActor,
  signIn,
  startTestApi,
  unique,
  type TestApi,
} from '#testing';

interface MemberFields {
  id: string;
  name: string;
  kind: string;
  skills: string[];
  phone: string;
  idNumber: string;
}

const MEMBER = `query($id: UUID!) { member(id: $id) { id name kind skills phone idNumber } }`;

/**
 * What the people who run a community need in their first hour: a group
 * leader reaches their group, a member sees where they belong, the committee
 * reaches the seconded members it dispatches, and everyone finds people by
 * name or phone, listed in pinyin order.
 */
describe('people: scopes of leaders, members and committees, and finding people', () => {
  let api: TestApi;
  let db: DataSource;
  let community: string;
  let unit: string;
  let admin: string;
  let group: string;
  let leader: { id: string; phone: string; token: string };
  let member: { id: string; phone: string; idNumber: string; token: string };
  let outsider: { id: string; phone: string };

  beforeAll(async () => {
    api = await startTestApi();
    db = api.app.get(DataSource);
    community = (await createCommunity(api.app)).id;
    unit = (await createUnit(api.app, [community])).id;
    admin = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: community }]);
    const branch = await api.app.get(BranchesService).createBranch(operatorActor(), {
      communityId: community,
      name: unique('支部'),
      purpose: '组织下沉党员参与社区治理',
      startsOn: '2026-01-01',
    });
    const courtyard = await createCourtyard(api.app, community);
    group = (
      await api.app.get(BranchesService).createPartyGroup(operatorActor(), {
        branchId: branch.id,
        courtyardId: courtyard.id,
        name: unique('党小组'),
      })
    ).id;
    const leaderMember = await servingMember({ skills: ['法律咨询'] });
    const plain = await servingMember({ skills: ['心理疏导'] });
    const assignments = api.app.get(AssignmentsService);
    await assignments.assign(operatorActor(), {
      memberId: leaderMember.member.id,
      partyGroupId: group,
      role: 'LEADER',
    });
    await assignments.assign(operatorActor(), {
      memberId: plain.member.id,
      partyGroupId: group,
      role: 'MEMBER',
    });
    leader = {
      id: leaderMember.member.id,
      phone: leaderMember.input.phone,
      token: await signInAsMember(leaderMember.member.id),
    };
    member = {
      id: plain.member.id,
      phone: plain.input.phone,
      idNumber: plain.input.idNumber,
      token: await signInAsMember(plain.member.id),
    };
    // Seconded from a paired unit, but serving nowhere: the committee sees them masked.
    const idle = await createMember(api.app, { kind: 'SECONDED', unitId: unit });
    outsider = { id: idle.member.id, phone: idle.input.phone };
  });

  afterAll(async () => {
    await api.close();
  });

  const servingMember = (overrides: { skills: string[] }) =>
    createServingMember(api.app, { unitId: unit, communityId: community }, overrides);

  const signInAsMember = (memberId: string) => signIn(api.app, [{ role: 'MEMBER', memberId }]);

  const auditRows = async (memberId: string, token: string) => {
    const me = await api.gql<{ me: { id: string } }>('{ me { id } }', {}, { token });
    const [row] = await db.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM audit_log
        WHERE action = 'member.personal_data.read' AND entity_id = $1 AND account_id = $2`,
      [memberId, me.data?.me.id],
    );
    return Number(row?.n);
  };

  it("gives a group leader the names, kinds, skills and phones of their group's members, ID numbers masked", async () => {
    const res = await api.gql<{ member: MemberFields }>(
      MEMBER,
      { id: member.id },
      { token: leader.token },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.member).toMatchObject({
      kind: 'SECONDED',
      skills: ['心理疏导'],
      phone: member.phone,
    });
    expect(res.data?.member.idNumber).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
    expect(res.data?.member.idNumber).not.toBe(member.idNumber);
    // A group leader reading someone else's phone leaves an audit line.
    expect(await auditRows(member.id, leader.token)).toBe(1);
  });

  it('gives the group leader the roster with nested members, and nobody outside the group', async () => {
    const roster = await api.gql<{
      groupAssignments: { role: string; member: { name: string; phone: string } | null }[];
    }>(
      `query($g: UUID!) { groupAssignments(partyGroupId: $g) { role member { name phone } } }`,
      { g: group },
      { token: leader.token },
    );
    expect(roster.errors).toBeUndefined();
    expect(roster.data?.groupAssignments.map((a) => [a.role, a.member?.phone])).toEqual([
      ['LEADER', leader.phone],
      ['MEMBER', member.phone],
    ]);
    const other = await api.gql(MEMBER, { id: outsider.id }, { token: leader.token });
    expect(other.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('keeps a group member from reading their fellow members (only leaders reach the group)', async () => {
    const res = await api.gql(MEMBER, { id: leader.id }, { token: member.token });
    expect(res.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('shows a member their record, their secondment, and the groups they belong to', async () => {
    const res = await api.gql<{
      me: {
        member: { id: string; phone: string };
        secondment: { status: string; communityId: string };
        groups: { role: string; partyGroup: { id: string } | null; team: null }[];
      };
    }>(
      `{ me { member { id phone } secondment { status communityId }
              groups { role partyGroup { id } team { id } } } }`,
      {},
      { token: member.token },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.me).toEqual({
      member: { id: member.id, phone: member.phone },
      secondment: { status: 'ACTIVE', communityId: community },
      groups: [{ role: 'MEMBER', partyGroup: { id: group }, team: null }],
    });
  });

  it('lets the committee read the phone of a member serving there, audited, and no ID number', async () => {
    const before = await auditRows(member.id, admin);
    const res = await api.gql<{ member: MemberFields }>(
      MEMBER,
      { id: member.id },
      { token: admin },
    );
    expect(res.data?.member.phone).toBe(member.phone);
    expect(res.data?.member.idNumber).not.toBe(member.idNumber);
    expect(await auditRows(member.id, admin)).toBe(before + 1);
    // Seconded by a paired unit but serving nowhere: masked, and nothing to audit.
    const idle = await api.gql<{ member: MemberFields }>(
      MEMBER,
      { id: outsider.id },
      { token: admin },
    );
    expect(idle.data?.member.phone).toBe(
      `${outsider.phone.slice(0, 3)}****${outsider.phone.slice(7)}`,
    );
    expect(await auditRows(outsider.id, admin)).toBe(0);
  });

  it('audits a list the same way as a single read: one line per member read in clear', async () => {
    const before = await auditRows(member.id, admin);
    const res = await api.gql<{ members: { items: { id: string; phone: string }[] } }>(
      `query($u: UUID!) { members(first: 100, filter: { unitId: $u }) { items { id phone idNumber } } }`,
      { u: unit },
      { token: admin },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.members.items.find((m) => m.id === member.id)?.phone).toBe(member.phone);
    expect(await auditRows(member.id, admin)).toBe(before + 1);
    expect(await auditRows(outsider.id, admin)).toBe(0);
  });

  it('finds a member by the whole phone number in any form, and refuses a malformed one', async () => {
    const formatted = `+86 ${member.phone.slice(0, 3)}-${member.phone.slice(3, 7)}-${member.phone.slice(7)}`;
    const found = await api.gql<{ members: { totalCount: number; items: { id: string }[] } }>(
      `query($p: String!) { members(filter: { phone: $p }) { totalCount items { id } } }`,
      { p: formatted },
      { token: admin },
    );
    expect(found.data?.members).toEqual({ totalCount: 1, items: [{ id: member.id }] });
    const bad = await api.gql(
      `query($p: String!) { members(filter: { phone: $p }) { totalCount } }`,
      { p: '12345' },
      { token: admin },
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'phone' });
  });

  it('finds members by part of their name and lists people in pinyin order', async () => {
    const names = ['张伟', '王芳', '李娜', '欧阳明', '阿依古丽·买买提', '赵𠮷'];
    for (const name of names)
      await createMember(api.app, { residenceCommunityId: community, name });
    const list = async (filter: Record<string, string>) => {
      const res = await api.gql<{ members: { items: { name: string }[] } }>(
        `query($f: MemberFilterInput!) { members(first: 100, filter: $f) { items { name } } }`,
        { f: { residenceCommunityId: community, ...filter } },
        { token: admin },
      );
      expect(res.errors).toBeUndefined();
      return res.data?.members.items.map((m) => m.name) ?? [];
    };
    // 阿 (a) … 欧 (ou) … 王 (wang) … 张 (zhang), 赵 (zhao): pinyin, not code points.
    expect(await list({})).toEqual(['阿依古丽·买买提', '李娜', '欧阳明', '王芳', '张伟', '赵𠮷']);
    expect(await list({ name: '王' })).toEqual(['王芳']);
    expect(await list({ name: '阳明' })).toEqual(['欧阳明']);
    expect(await list({ name: '买买提' })).toEqual(['阿依古丽·买买提']);
    expect(await list({ name: '𠮷' })).toEqual(['赵𠮷']);
    expect(await list({ name: '王娜' })).toEqual([]);
  });

  it("reads back a member's skills, weekly availability and timestamps as registered", async () => {
    const before = Date.now();
    const created = await createMember(api.app, {
      residenceCommunityId: community,
      skills: ['水电维修', '"引号"与,逗号'],
      availability: [
        { weekday: 1, start: '09:00', end: '11:00' },
        { weekday: 7, start: '19:30', end: '24:00' },
      ],
    });
    const res = await api.gql<{
      member: {
        skills: string[];
        availability: { weekday: number; start: string; end: string }[];
        createdAt: string;
        updatedAt: string;
      };
    }>(
      `query($id: UUID!) { member(id: $id) { skills availability { weekday start end } createdAt updatedAt } }`,
      { id: created.member.id },
      { token: admin },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.member).toMatchObject({
      skills: ['水电维修', '"引号"与,逗号'],
      availability: [
        { weekday: 1, start: '09:00', end: '11:00' },
        { weekday: 7, start: '19:30', end: '24:00' },
      ],
    });
    const createdAt = Date.parse(res.data?.member.createdAt ?? '');
    expect(createdAt).toBeGreaterThanOrEqual(before - 5_000);
    expect(createdAt).toBeLessThanOrEqual(Date.now() + 5_000);
    expect(res.data?.member.updatedAt).toBe(res.data?.member.createdAt);
  });
});
