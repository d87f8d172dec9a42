import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import {
  createCommunity,
  createCourtyard,
  createUnit,
  signIn,
  startTestApi,
  unique,
  type TestApi,
} from '#testing';

type Renamed = { r: { id: string; name: string } };

/**
 * Correcting the name of a courtyard, team, temporary branch or unit: the
 * same validation and uniqueness as creating one, scope decided by the
 * service, every rename audited, and nothing written when it is refused.
 */
describe('renaming organisation records', () => {
  let api: TestApi;
  let db: DataSource;
  let community: string;
  let otherCommunity: string;
  let unit: string;
  let admin: string;
  let otherAdmin: string;
  let operator: string;
  let hr: string;

  beforeAll(async () => {
    api = await startTestApi();
    db = api.app.get(DataSource);
    community = (await createCommunity(api.app)).id;
    otherCommunity = (await createCommunity(api.app)).id;
    unit = (await createUnit(api.app, [community])).id;
    admin = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: community }]);
    otherAdmin = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: otherCommunity }]);
    operator = await signIn(api.app, [{ role: 'OPERATOR' }]);
    hr = await signIn(api.app, [{ role: 'UNIT_HR', unitId: unit }]);
  });

  afterAll(async () => {
    await api.close();
  });

  const gql = <T = Renamed>(q: string, v: Record<string, unknown>, token: string) =>
    api.gql<T>(q, v, { token });

  /** The stored name and how many renames of the record the audit log holds. */
  async function stored(table: string, id: string, action: string) {
    const [row] = await db.query<{ name: string; audits: number }[]>(
      `SELECT (SELECT name FROM ${table} WHERE id = $1) AS name,
              (SELECT count(*)::int FROM audit_log WHERE action = $2 AND entity_id = $1::text) AS audits`,
      [id, action],
    );
    return row;
  }

  async function createTeam(name = unique('队')): Promise<string> {
    const res = await gql(
      'mutation($i: CreateTeamInput!) { r: createTeam(input: $i) { id name } }',
      { i: { communityId: community, name, kind: 'RESIDENT_TEAM', specialty: '维修' } },
      admin,
    );
    return res.data?.r.id ?? '';
  }

  async function createBranch(): Promise<string> {
    const res = await gql(
      'mutation($i: CreateTemporaryBranchInput!) { r: createTemporaryBranch(input: $i) { id name } }',
      {
        i: {
          communityId: community,
          name: unique('支部'),
          purpose: '共同缔造',
          startsOn: '2026-01-01',
        },
      },
      admin,
    );
    return res.data?.r.id ?? '';
  }

  const RENAME_COURTYARD =
    'mutation($id: UUID!, $name: String!) { r: renameCourtyard(id: $id, name: $name) { id name } }';
  const RENAME_TEAM =
    'mutation($id: UUID!, $name: String!) { r: renameTeam(id: $id, name: $name) { id name } }';
  const RENAME_BRANCH =
    'mutation($id: UUID!, $name: String!) { r: renameTemporaryBranch(id: $id, name: $name) { id name status } }';
  const RENAME_UNIT =
    'mutation($id: UUID!, $name: String!) { r: renameUnit(id: $id, name: $name) { id name } }';

  describe('renameCourtyard', () => {
    it('lets the committee correct the name, trimmed, audited and read back', async () => {
      const courtyard = (await createCourtyard(api.app, community)).id;
      const name = unique('东湖小区');
      const res = await gql(RENAME_COURTYARD, { id: courtyard, name: `  ${name} ` }, admin);
      expect(res.errors).toBeUndefined();
      expect(res.data?.r).toEqual({ id: courtyard, name });
      expect(await stored('courtyard', courtyard, 'courtyard.rename')).toEqual({ name, audits: 1 });
      const read = await gql<{ community: { courtyards: { id: string; name: string }[] } }>(
        'query($id: UUID!) { community(id: $id) { courtyards { id name } } }',
        { id: community },
        admin,
      );
      expect(read.data?.community.courtyards).toContainEqual({ id: courtyard, name });
    });

    it("refuses another courtyard's name in the community with COURTYARD_NAME_TAKEN", async () => {
      const taken = await createCourtyard(api.app, community);
      const courtyard = await createCourtyard(api.app, community);
      const res = await gql(RENAME_COURTYARD, { id: courtyard.id, name: taken.name }, admin);
      expect(res.errors?.[0]?.extensions).toMatchObject({
        code: 'COURTYARD_NAME_TAKEN',
        category: 'CONFLICT',
      });
      expect(await stored('courtyard', courtyard.id, 'courtyard.rename')).toEqual({
        name: courtyard.name,
        audits: 0,
      });
    });

    it('allows the same name in another community', async () => {
      const elsewhere = await createCourtyard(api.app, otherCommunity);
      const courtyard = (await createCourtyard(api.app, community)).id;
      const res = await gql(RENAME_COURTYARD, { id: courtyard, name: elsewhere.name }, admin);
      expect(res.errors).toBeUndefined();
    });

    it.each([
      ['an empty name', '   '],
      ['a name with a control character', '东湖\u0007小区'],
      ['an oversized name', '院'.repeat(101)],
    ])('refuses %s with BAD_USER_INPUT on name, writing nothing', async (_label, name) => {
      const courtyard = await createCourtyard(api.app, community);
      const res = await gql(RENAME_COURTYARD, { id: courtyard.id, name }, admin);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
      expect(await stored('courtyard', courtyard.id, 'courtyard.rename')).toEqual({
        name: courtyard.name,
        audits: 0,
      });
    });

    it("answers another community's committee NOT_FOUND, and one that only sees it FORBIDDEN", async () => {
      const courtyard = await createCourtyard(api.app, community);
      const outsider = await gql(RENAME_COURTYARD, { id: courtyard.id, name: '改名' }, otherAdmin);
      expect(outsider.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
      // Administers another community and, as the paired unit's HR, sees this one.
      const seesIt = await signIn(api.app, [
        { role: 'COMMUNITY_ADMIN', communityId: otherCommunity },
        { role: 'UNIT_HR', unitId: unit },
      ]);
      const viewer = await gql(RENAME_COURTYARD, { id: courtyard.id, name: '改名' }, seesIt);
      expect(viewer.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      const hrOnly = await gql(RENAME_COURTYARD, { id: courtyard.id, name: '改名' }, hr);
      expect(hrOnly.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      expect(await stored('courtyard', courtyard.id, 'courtyard.rename')).toEqual({
        name: courtyard.name,
        audits: 0,
      });
    });

    it('lets an operator rename any courtyard', async () => {
      const courtyard = (await createCourtyard(api.app, community)).id;
      const res = await gql(RENAME_COURTYARD, { id: courtyard, name: unique('院') }, operator);
      expect(res.errors).toBeUndefined();
    });
  });

  describe('renameTeam', () => {
    it('lets the committee correct the name, audited', async () => {
      const team = await createTeam();
      const name = unique('修缮队');
      const res = await gql(RENAME_TEAM, { id: team, name }, admin);
      expect(res.errors).toBeUndefined();
      expect(res.data?.r.name).toBe(name);
      expect(await stored('team', team, 'team.rename')).toEqual({ name, audits: 1 });
    });

    it("refuses another team's name with TEAM_NAME_TAKEN and keeps the old one", async () => {
      const takenName = unique('巡逻队');
      await createTeam(takenName);
      const oldName = unique('队');
      const team = await createTeam(oldName);
      const res = await gql(RENAME_TEAM, { id: team, name: takenName }, admin);
      expect(res.errors?.[0]?.extensions).toMatchObject({
        code: 'TEAM_NAME_TAKEN',
        category: 'CONFLICT',
      });
      expect(await stored('team', team, 'team.rename')).toEqual({ name: oldName, audits: 0 });
    });

    it('refuses a bad name and an outsider, writing nothing', async () => {
      const oldName = unique('队');
      const team = await createTeam(oldName);
      const bad = await gql(RENAME_TEAM, { id: team, name: '\u200B' }, admin);
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
      const outsider = await gql(RENAME_TEAM, { id: team, name: '改名' }, otherAdmin);
      expect(outsider.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
      expect(await stored('team', team, 'team.rename')).toEqual({ name: oldName, audits: 0 });
    });
  });

  describe('renameTemporaryBranch', () => {
    it('lets the committee correct the name of an open branch', async () => {
      const branch = await createBranch();
      const name = unique('临时党支部');
      const res = await gql(RENAME_BRANCH, { id: branch, name }, admin);
      expect(res.errors).toBeUndefined();
      expect(await stored('temporary_branch', branch, 'branch.rename')).toEqual({
        name,
        audits: 1,
      });
    });

    it('renames a dissolved branch too, which stays dissolved', async () => {
      const branch = await createBranch();
      const dissolved = await gql(
        'mutation($id: UUID!) { r: dissolveTemporaryBranch(id: $id) { id name } }',
        { id: branch },
        admin,
      );
      expect(dissolved.errors).toBeUndefined();
      const name = unique('疫情防控临时党支部');
      const res = await gql<{ r: { name: string; status: string } }>(
        RENAME_BRANCH,
        { id: branch, name },
        admin,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.r).toMatchObject({ name, status: 'DISSOLVED' });
    });

    it('refuses a bad name and an outsider, writing nothing', async () => {
      const branch = await createBranch();
      const before = await stored('temporary_branch', branch, 'branch.rename');
      const bad = await gql(RENAME_BRANCH, { id: branch, name: '' }, admin);
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
      const outsider = await gql(RENAME_BRANCH, { id: branch, name: '改名' }, otherAdmin);
      expect(outsider.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
      expect(await stored('temporary_branch', branch, 'branch.rename')).toEqual(before);
      expect(before?.audits).toBe(0);
    });
  });

  describe('renameUnit', () => {
    it("lets the unit's own HR and an operator correct the name, each audited", async () => {
      const own = (await createUnit(api.app)).id;
      const ownHr = await signIn(api.app, [{ role: 'UNIT_HR', unitId: own }]);
      const byHr = unique('区教育局');
      expect((await gql(RENAME_UNIT, { id: own, name: byHr }, ownHr)).data?.r.name).toBe(byHr);
      const byOperator = unique('区卫健局');
      expect((await gql(RENAME_UNIT, { id: own, name: byOperator }, operator)).data?.r.name).toBe(
        byOperator,
      );
      expect(await stored('unit', own, 'unit.rename')).toEqual({ name: byOperator, audits: 2 });
    });

    it("refuses another unit's name with UNIT_NAME_TAKEN", async () => {
      const taken = await createUnit(api.app);
      const target = await createUnit(api.app);
      const res = await gql(RENAME_UNIT, { id: target.id, name: taken.name }, operator);
      expect(res.errors?.[0]?.extensions).toMatchObject({
        code: 'UNIT_NAME_TAKEN',
        category: 'CONFLICT',
      });
      expect(await stored('unit', target.id, 'unit.rename')).toEqual({
        name: target.name,
        audits: 0,
      });
    });

    it("answers another unit's HR NOT_FOUND and the paired committee FORBIDDEN, writing nothing", async () => {
      const target = await createUnit(api.app, [community]);
      const res = await gql(RENAME_UNIT, { id: target.id, name: '改名' }, hr);
      expect(res.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
      // The committee sees its paired units but the unit's name is the unit's own business.
      const committee = await signIn(api.app, [
        { role: 'COMMUNITY_ADMIN', communityId: community },
        { role: 'UNIT_HR', unitId: unit },
      ]);
      const seen = await gql(RENAME_UNIT, { id: target.id, name: '改名' }, committee);
      expect(seen.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      const bad = await gql(RENAME_UNIT, { id: target.id, name: 'a\u2028b' }, operator);
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
      expect(await stored('unit', target.id, 'unit.rename')).toEqual({
        name: target.name,
        audits: 0,
      });
    });
  });
});
