import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createLogger } from '#core';
import { suiteDatabaseReady, startTestApi, testConfig } from '#testing';
import {
  DEMO_DEMANDS,
  DEMO_PASSWORD,
  DEMO_RESIDENTS,
  DEMO_SECONDED,
  DEMO_TASK_TYPES,
  DEMO_TASKS,
} from '../../apps/cli/src/demo-data.js';
import { seedDemo } from '../../apps/cli/src/seed.js';

/** The README's demo is Q community with the study's numbers, exactly. */
describe('demo seed', () => {
  it('seeds Q community with the numbers of the field study', async () => {
    const config = testConfig();
    await suiteDatabaseReady();
    const logins = await seedDemo(config, createLogger({ level: 'silent', service: 'test' }));
    expect(logins?.map((l) => l.username)).toEqual(
      expect.arrayContaining([
        'operator',
        'q-admin',
        'edu-hr',
        'hospital-hr',
        'sunli',
        'wangjianguo',
      ]),
    );
    const client = new pg.Client({ connectionString: config.database.url });
    await client.connect();
    try {
      const { rows } = await client.query<Record<string, number>>(
        `WITH q AS (SELECT id FROM community WHERE name = 'Q社区')
         SELECT
           (SELECT count(*)::int FROM courtyard WHERE community_id = (SELECT id FROM q)) AS courtyards,
           (SELECT count(*)::int FROM temporary_branch WHERE community_id = (SELECT id FROM q)) AS branches,
           (SELECT count(*)::int FROM party_group WHERE community_id = (SELECT id FROM q)) AS groups,
           (SELECT count(*)::int FROM group_assignment a JOIN party_group g ON g.id = a.party_group_id
             WHERE g.community_id = (SELECT id FROM q) AND a.role = 'LEADER' AND a.ended_at IS NULL) AS leaders,
           (SELECT count(*)::int FROM group_assignment a JOIN party_group g ON g.id = a.party_group_id
             WHERE g.community_id = (SELECT id FROM q) AND a.role = 'DEPUTY' AND a.ended_at IS NULL) AS deputies,
           (SELECT count(*)::int FROM team WHERE community_id = (SELECT id FROM q) AND kind = 'RESIDENT_TEAM') AS teams,
           (SELECT count(*)::int FROM member WHERE kind = 'RESIDENT' AND residence_community_id = (SELECT id FROM q)) AS residents,
           (SELECT count(DISTINCT a.member_id)::int FROM group_assignment a JOIN team t ON t.id = a.team_id
             WHERE t.community_id = (SELECT id FROM q) AND a.ended_at IS NULL) AS residents_in_teams,
           (SELECT count(*)::int FROM unit_community_pairing WHERE community_id = (SELECT id FROM q)) AS units,
           (SELECT count(*)::int FROM secondment WHERE community_id = (SELECT id FROM q) AND status = 'ACTIVE') AS seconded`,
      );
      expect(rows[0]).toEqual({
        courtyards: 17,
        branches: 1,
        groups: 17,
        leaders: 17,
        deputies: 17,
        teams: 15,
        residents: 341,
        residents_in_teams: 341,
        units: 8,
        seconded: 113,
      });
    } finally {
      await client.end();
    }
  }, 60_000);

  it('lets the committee find people by name and lists them in pinyin order', async () => {
    // Seeding is idempotent: this test stands alone, whether or not the one above ran.
    const config = testConfig();
    await suiteDatabaseReady();
    await seedDemo(config, createLogger({ level: 'silent', service: 'test' }));
    const api = await startTestApi();
    try {
      const login = await api.gql<{ login: { accessToken: string } }>(
        `mutation($p: String!) { login(input: { username: "q-admin", password: $p }) { accessToken } }`,
        { p: DEMO_PASSWORD },
      );
      const token = login.data?.login.accessToken ?? '';
      const names = async (filter: Record<string, string>) => {
        const res = await api.gql<{ members: { totalCount: number; items: { name: string }[] } }>(
          `query($f: MemberFilterInput) { members(first: 100, filter: $f) { totalCount items { name } } }`,
          { f: filter },
          { token },
        );
        expect(res.errors).toBeUndefined();
        return res.data?.members;
      };
      const demoNames = [...DEMO_RESIDENTS, ...DEMO_SECONDED].map((m) => m.name);
      const wang = await names({ name: '王' });
      expect(wang?.totalCount).toBe(demoNames.filter((n) => n.includes('王')).length);
      expect(wang?.totalCount).toBeGreaterThan(0);
      expect(wang?.items.every((m) => m.name.includes('王'))).toBe(true);
      const firstPage = (await names({}))?.items.map((m) => m.name) ?? [];
      const pinyin = [...demoNames].sort(new Intl.Collator('zh-CN').compare).slice(0, 100);
      expect(firstPage).toEqual(pinyin);
    } finally {
      await api.close();
    }
  }, 60_000);

  it('seeds the study’s task types in the shared catalogue, all three categories', async () => {
    const config = testConfig();
    await suiteDatabaseReady();
    await seedDemo(config, createLogger({ level: 'silent', service: 'test' }));
    const api = await startTestApi();
    try {
      const login = await api.gql<{ login: { accessToken: string } }>(
        `mutation($p: String!) { login(input: { username: "wangjianguo", password: $p }) { accessToken } }`,
        { p: DEMO_PASSWORD },
      );
      const token = login.data?.login.accessToken ?? '';
      const demoNames = new Set(DEMO_TASK_TYPES.map((t) => t.name));
      const named = async (category: string) => {
        const res = await api.gql<{
          taskTypes: { items: { name: string; communityId: string | null }[] };
        }>(
          `query($c: TaskCategory) { taskTypes(category: $c, first: 100) { items { name communityId } } }`,
          { c: category },
          { token },
        );
        expect(res.errors).toBeUndefined();
        const items = res.data?.taskTypes.items.filter((t) => demoNames.has(t.name)) ?? [];
        expect(items.every((t) => t.communityId === null)).toBe(true);
        return items.map((t) => t.name).sort();
      };
      expect(await named('ROUTINE')).toEqual(
        ['为老人代购', '为老人打扫卫生', '平安巡逻', '门岗值守', '疏通下水道'].sort(),
      );
      expect(await named('PROFESSIONAL')).toEqual(
        ['政策咨询', '心理疏导', '法律援助', '健康知识宣讲'].sort(),
      );
      expect(await named('JOINT')).toEqual(
        ['老旧小区改造入户宣传', '垃圾分类动员', '共商改造方案'].sort(),
      );
    } finally {
      await api.close();
    }
  }, 60_000);

  it('seeds demands, one accepted into tasks, and draft tasks, the requester in clear for the committee only', async () => {
    const config = testConfig();
    await suiteDatabaseReady();
    await seedDemo(config, createLogger({ level: 'silent', service: 'test' }));
    const api = await startTestApi();
    try {
      const token = async (username: string) => {
        const login = await api.gql<{ login: { accessToken: string } }>(
          `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken } }`,
          { u: username, p: DEMO_PASSWORD },
        );
        return login.data?.login.accessToken ?? '';
      };
      const demands = async (username: string) => {
        const res = await api.gql<{
          demands: {
            items: {
              status: string;
              requesterPhone: string;
              progress: { status: string; type: { name: string } }[];
            }[];
          };
        }>(
          `{ demands(first: 100) { items { status requesterPhone progress { status type { name } } } } }`,
          {},
          { token: await token(username) },
        );
        expect(res.errors).toBeUndefined();
        return res.data?.demands.items ?? [];
      };
      const byCommittee = await demands('q-admin');
      const accepted = DEMO_DEMANDS.filter((d) => d.tasks.length > 0);
      expect(byCommittee.filter((d) => d.status === 'ACCEPTED')).toHaveLength(accepted.length);
      expect(byCommittee.filter((d) => d.status === 'OPEN')).toHaveLength(
        DEMO_DEMANDS.length - accepted.length,
      );
      const first = byCommittee.find((d) => d.requesterPhone === accepted[0]?.requesterPhone);
      expect(first?.progress.map((t) => [t.status, t.type.name]).sort()).toEqual(
        (accepted[0]?.tasks ?? []).map((t) => ['DRAFT', t.taskType]).sort(),
      );
      const byOperator = await demands('operator');
      expect(byOperator.map((d) => d.requesterPhone)).toContain('138****0001');

      const tasks = await api.gql<{ tasks: { totalCount: number } }>(
        `{ tasks(status: DRAFT, first: 1) { totalCount } }`,
        {},
        { token: await token('q-admin') },
      );
      const published = DEMO_TASKS.filter((t) => t.publish).length;
      expect(published).toBeGreaterThan(0);
      expect(tasks.data?.tasks.totalCount).toBe(
        DEMO_TASKS.length - published + DEMO_DEMANDS.reduce((n, d) => n + d.tasks.length, 0),
      );
      const out = await api.gql<{ tasks: { totalCount: number } }>(
        `{ tasks(status: DISPATCHING, first: 1) { totalCount } }`,
        {},
        { token: await token('q-admin') },
      );
      expect(out.data?.tasks.totalCount).toBe(published);
    } finally {
      await api.close();
    }
  }, 60_000);

  it('seeds a week of verified service, so that reports and points open on numbers', async () => {
    const config = testConfig();
    await suiteDatabaseReady();
    await seedDemo(config, createLogger({ level: 'silent', service: 'test' }));
    const api = await startTestApi();
    try {
      const login = await api.gql<{ login: { accessToken: string } }>(
        `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken } }`,
        { u: 'edu-hr', p: DEMO_PASSWORD },
      );
      const hr = login.data?.login.accessToken ?? '';
      const me = await api.ok<{ grants: { unitId: string | null }[] }>(
        `{ r: me { grants { unitId } } }`,
        {},
        hr,
      );
      const unitId = me.grants.find((g) => g.unitId)?.unitId;
      // the year of yesterday, the day of the seed's latest logs
      const yesterday = new Date(Date.now() - 24 * 3_600_000).toISOString().slice(0, 10);
      const report = await api.ok<{ activeMembers: number; activities: number; hours: number }>(
        `query($u: UUID!, $d: LocalDate!) { r: unitParticipationReport(unitId: $u,
           period: { preset: YEAR, day: $d }) { activeMembers activities hours } }`,
        { u: unitId, d: yesterday },
        hr,
      );
      // two verified logs for each of the unit's serving members, some of them in that year
      expect(report.activeMembers).toBeGreaterThan(0);
      expect(report.activities).toBeGreaterThanOrEqual(report.activeMembers);
      expect(report.hours).toBeGreaterThan(0);
      const client = new pg.Client({ connectionString: config.database.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ logs: number; points: number }>(
          `SELECT (SELECT count(*)::int FROM duty_log WHERE status = 'VERIFIED') AS logs,
                  (SELECT count(*)::int FROM points_entry) AS points`,
        );
        expect(rows[0]?.logs).toBe((40 + 113) * 2);
        expect(rows[0]?.points).toBeGreaterThan(0);
      } finally {
        await client.end();
      }
    } finally {
      await api.close();
    }
  }, 60_000);
});
