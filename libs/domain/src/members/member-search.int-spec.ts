import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { PersonalDataCipher, type Actor, type AppConfig } from '#core';
import {
  dataSourceOptions,
  migrateDatabase,
  onDatabase,
  SESSION_OPTIONS,
  UnitOfWork,
  withClient,
} from '#database';
import { AuditLog } from '#domain/audit';
import { captureLogs, countStatements, testConfig } from '#testing';
import { MemberDirectory } from './member-directory.service.js';

const MEMBERS = 100_000;
const COMMUNITIES = 100;

/**
 * Finding people stays fast at district scale: 100,000 members in 100
 * communities, in a database of this spec's own. Speed is not timed here
 * (machines are noisy); what makes it fast is checked instead: the
 * statements the directory really sends are planned on indexes, never as a
 * scan of every member.
 */
describe('member search at 100,000 members', () => {
  let config: AppConfig;
  let source: DataSource;
  let directory: MemberDirectory;
  let communityId: string;

  beforeAll(async () => {
    const base = testConfig();
    const name = `${new URL(base.database.url).pathname.slice(1)}_scale`;
    config = {
      ...base,
      database: {
        ...base.database,
        url: onDatabase(base.database.url, name),
        ownerUrl: onDatabase(base.database.ownerUrl, name),
      },
    };
    await migrateDatabase(config);
    await withClient(config.database.ownerUrl, async (client) => {
      await client.query(
        `INSERT INTO community (name) SELECT '规模社区' || i FROM generate_series(1, $1) AS i`,
        [COMMUNITIES],
      );
      // Names from common surnames and given-name characters, a few rare ones among them.
      await client.query(
        `INSERT INTO member (kind, name, gender, birth_date, phone_cipher, phone_hash,
                             id_number_cipher, id_number_hash, residence_community_id, physical_condition)
         SELECT 'RESIDENT',
                CASE WHEN i % 25000 = 0 THEN '欧阳明' ELSE
                  (ARRAY['王','李','张','刘','陈','杨','赵','黄','周','吴'])[1 + i % 10]
                  || (ARRAY['伟','芳','娜','敏','静','丽','强','磊','军','洋'])[1 + (i / 10) % 10]
                  || (ARRAY['','华','英','兰','建','国'])[1 + (i / 100) % 6] END,
                'MALE', DATE '1970-01-01', '\\x00', decode(md5('p' || i), 'hex'),
                '\\x00', decode(md5('i' || i), 'hex'),
                (SELECT id FROM community ORDER BY name OFFSET i % $2 LIMIT 1), 'GOOD'
           FROM generate_series(1, $1) AS i`,
        [MEMBERS, COMMUNITIES],
      );
      await client.query('ANALYZE member');
      const [first] = (
        await client.query<{ id: string }>(
          `SELECT residence_community_id AS id FROM member WHERE name = '欧阳明' LIMIT 1`,
        )
      ).rows;
      communityId = first?.id ?? '';
    });
    source = new DataSource({ ...dataSourceOptions(config), extra: { max: 2 } });
    await source.initialize();
    const uow = new UnitOfWork(source, captureLogs().logger);
    const cipher = new PersonalDataCipher(
      config.personalData.encryptionKey,
      config.personalData.hashKey,
    );
    directory = new MemberDirectory(uow, cipher, new AuditLog(uow));
  }, 120_000);

  afterAll(async () => {
    await source.destroy();
    await withClient(config.database.adminUrl ?? '', (client) =>
      client.query(
        `DROP DATABASE IF EXISTS "${new URL(config.database.url).pathname.slice(1)}" WITH (FORCE)`,
      ),
    );
  });

  /** Runs a read, and returns its result with the plan of the statement it sent. */
  async function planned<T>(read: () => Promise<T>): Promise<{ result: T; plan: string }> {
    let result: T | undefined;
    const { sent } = await countStatements(source, async () => {
      result = await read();
    });
    const [statement] = sent;
    if (!statement || sent.length !== 1)
      throw new Error(`expected one statement, got ${sent.length}`);
    // Explained as the apps run it: prepared, with the session options of
    // their connections (generic plans), and then executed for real.
    const client = new pg.Client({
      connectionString: config.database.url,
      options: SESSION_OPTIONS,
    });
    await client.connect();
    let plan: string;
    try {
      await client.query(`PREPARE read AS ${statement.text}`);
      // EXECUTE takes no bind parameters: the values go in as escaped literals
      // (these reads send ids, uuid arrays, search text and page numbers).
      const literal = (value: unknown): string => {
        if (value === null) return 'NULL';
        if (Array.isArray(value)) {
          const items = (value as string[]).map((item) => `"${item.replace(/["\\]/g, '\\$&')}"`);
          return client.escapeLiteral(`{${items.join(',')}}`);
        }
        return client.escapeLiteral(typeof value === 'string' ? value : JSON.stringify(value));
      };
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN ANALYZE EXECUTE read(${statement.values.map(literal).join(', ')})`,
      );
      plan = rows.map((row) => row['QUERY PLAN']).join('\n');
      const [kind] = (
        await client.query<{ generic_plans: string }>(
          `SELECT generic_plans FROM pg_prepared_statements WHERE name = 'read'`,
        )
      ).rows;
      // The plan explained is the generic one, as the apps' connections run it.
      expect(kind?.generic_plans).toBe('1');
    } finally {
      await client.end();
    }
    return { result: result as T, plan };
  }

  /** Rows PostgreSQL read and then threw away: an index that serves the search keeps this small. */
  const discarded = (plan: string): number =>
    [...plan.matchAll(/Rows Removed by (?:Filter|Index Recheck): (\d+)/g)].reduce(
      (sum, match) => sum + Number(match[1]),
      0,
    );

  const operator: Actor = { accountId: 'scale', grants: [{ role: 'OPERATOR' }], requestId: 's' };
  const page = { first: 20, offset: 0 };
  const list = { withTotal: true, revealing: [] };

  it('finds a rare name through the name index, for the operator and for a committee', async () => {
    const { result: everywhere, plan } = await planned(() =>
      directory.members(operator, { name: '阳明' }, page, list),
    );
    expect(everywhere.totalCount).toBe(MEMBERS / 25_000);
    expect(everywhere.items.every((m) => m.name === '欧阳明')).toBe(true);
    expect(plan).toContain('member_name_grams_idx');
    expect(plan).not.toMatch(/Seq Scan on member/);
    expect(discarded(plan)).toBeLessThan(MEMBERS / 10);

    const committee: Actor = {
      accountId: 'scale',
      grants: [{ role: 'COMMUNITY_ADMIN', communityId }],
      requestId: 's',
    };
    const here = await planned(() => directory.members(committee, { name: '欧阳' }, page, list));
    expect(here.result.items.map((m) => m.name)).toContain('欧阳明');
    expect(here.plan).not.toMatch(/Seq Scan on member/);
    expect(discarded(here.plan)).toBeLessThan(MEMBERS / 10);
  });

  it('finds by a single common character without reading every member', async () => {
    const found = await planned(() => directory.members(operator, { name: '芳' }, page, list));
    expect(found.result.totalCount).toBeGreaterThan(1000);
    expect(found.result.items.every((m) => m.name.includes('芳'))).toBe(true);
    expect(found.plan).not.toMatch(/Seq Scan on member/);
    expect(discarded(found.plan)).toBeLessThan(MEMBERS / 10);
  });

  it('pages through everyone in pinyin order straight from the pinyin index', async () => {
    const { result: first, plan } = await planned(() =>
      directory.members(operator, {}, page, { withTotal: false, revealing: [] }),
    );
    expect(first.items).toHaveLength(20);
    expect(plan).toContain('member_name_pinyin_idx');
    expect(plan).not.toMatch(/Seq Scan on member|Sort/);
    expect(discarded(plan)).toBe(0);
  });
});
