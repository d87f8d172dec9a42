/**
 * Reports at scale: a unit's yearly participation report through GraphQL
 * against the raw rollup SQL for the same numbers, measured in the same
 * run, over a generated history of duty logs; then that unit's XLSX export
 * through the worker of the `reports` queue alone, its time and the
 * worker's peak RSS.
 *
 *   npm run bench:reports -- [--logs 10000000] [--members 160000] [--rounds 20] [--reuse] [--json]
 *
 * `--logs 50000000 --members 800000` is the large variant (a member has
 * at most 73 logs of a year). `--reuse` measures again on the database a
 * previous run generated (its
 * ten million logs take a quarter of an hour to write and index).
 *
 * The city (city.ts) of 160,000 members in 4 communities has 8 units of
 * 5,000 seconded members each. Logs are written straight into the
 * database with set-based SQL, a year of them (one member's on distinct
 * days, so none overlap): 85 % verified, 5 % rejected, 10 % waiting; one in
 * five an obligatory duty. The rollup is filled the way `rollup:rebuild`
 * fills it (its statement is timed), and checked against the logs.
 *
 * - **API**: `unitParticipationReport` for unit 0 and 2026 as its HR, one
 *   request at a time, `--rounds` times after a warm-up; each answer's
 *   totals and member count must equal an independent sum over the logs.
 * - **Baseline**: the report's statements on the rollup (members with
 *   their sums, and the three breakdowns) sent straight through pg, as
 *   many times; the same totals.
 * - **Export**: `exportUnitParticipationReport(format: XLSX)` made by a
 *   worker started with WORKER_QUEUES=reports; seconds until DONE (polled
 *   every 100 ms), the file's size, and the worker's peak RSS (VmHWM).
 *
 * Goals (issue 11): the report ≤ 2× the raw SQL; the export's worker
 * under 300 MB.
 */
import { hash } from '@node-rs/argon2';
import pg from 'pg';
import {
  benchEnv,
  graphqlAt,
  hasFlag,
  numberFlag,
  peakRssMb,
  startChild,
  stop,
  waitReady,
  type BenchEnv,
} from './bench-env.js';
import { describeCity, prepareCity } from './bench-city.js';
import { idOf } from './city.js';
import { measureDashboard, type PathTimes } from './dashboard-phase.js';
import { fixed, now, percentile, table } from './stats.js';

const API_PORT = Number(process.env.BENCH_API_PORT ?? 3931);
const WORKER_HEALTH_PORT = Number(process.env.BENCH_WORKER_HEALTH_PORT ?? 3932);
const PASSWORD = `bench-${String(process.pid)}-reports`;
const YEAR = { fromMonth: '2026-01', toMonth: '2026-12' };
const REPORT = `query($u: UUID!, $p: ReportPeriodInput!) { unitParticipationReport(unitId: $u, period: $p) {
  secondedMembers activeMembers hours activities byMonth { key hours } byCategory { key hours }
  byCommunity { key hours } members { memberId hours activities } } }`;

interface Totals {
  readonly members: number;
  readonly minutes: number;
  readonly logs: number;
}

/** Logs of the year for every member, on distinct days: set-based, a million rows a statement. */
async function generateLogs(owner: pg.Client, logs: number, members: number, communities: number) {
  const perMember = Math.ceil(logs / members);
  // a member's k-th log is on day 5k + (m % 5): distinct days up to 73 logs
  if (perMember > 73) throw new Error('more than 73 logs a member: add members');
  // As the owner, and only in this throw-away database: the indexes and the
  // rollup trigger go while the rows are loaded and come back after, as a
  // bulk load of a restore would do; the schema ends as the migrations made it.
  await owner.query(`
    ALTER TABLE duty_log DISABLE TRIGGER duty_log_rollup_inserted;
    ALTER TABLE duty_log DROP CONSTRAINT duty_log_no_overlap;
    DROP INDEX duty_log_member_idx, duty_log_community_idx, duty_log_lineage_idx`);
  const step = 1_000_000;
  for (let from = 0; from < logs; from += step) {
    const to = Math.min(logs, from + step) - 1;
    await owner.query(`
      INSERT INTO duty_log (id, lineage_id, member_id, community_id, client_request_id, theme, content,
                            place, starts_at, ends_at, source, volunteer_service, status,
                            submitted_at, decided_at, rejection_reason)
      SELECT g.id, g.id, ${idOf('member', 'm')}, ${idOf('community', `m % ${String(communities)}`)},
             'bench-' || k, '入户走访', '走访独居老人，了解冬季取暖情况', '社区党群服务中心',
             s, s + make_interval(mins => 30 + 30 * (n % 6)), 'MANUAL', n % 5 <> 0,
             CASE WHEN n % 20 = 0 THEN 'REJECTED' WHEN n % 10 = 1 THEN 'SUBMITTED' ELSE 'VERIFIED' END,
             s + interval '3 hours',
             CASE WHEN n % 10 = 1 THEN NULL ELSE s + interval '1 day' END,
             CASE WHEN n % 20 = 0 THEN '与台账不符' END
        FROM generate_series(${String(from)}, ${String(to)}) AS n,
             LATERAL (SELECT n % ${String(members)} AS m, n / ${String(members)} AS k) mk,
             LATERAL (SELECT gen_random_uuid() AS id,
                             timestamptz '2026-01-01 09:00+08' + make_interval(days => (k * 5 + m % 5)::int % 365)
                               + make_interval(hours => (m % 8)::int) AS s) g`);
    console.error(`logs: ${String(to + 1)} of ${String(logs)}`);
  }
  const indexed = now();
  await owner.query(`
    CREATE INDEX duty_log_member_idx ON duty_log (member_id, starts_at DESC);
    CREATE INDEX duty_log_community_idx ON duty_log (community_id, status, starts_at DESC);
    CREATE INDEX duty_log_lineage_idx ON duty_log (lineage_id);
    ALTER TABLE duty_log ADD CONSTRAINT duty_log_no_overlap EXCLUDE USING gist (
      member_id WITH =, lineage_id WITH <>, tstzrange(starts_at, ends_at) WITH &&)
      WHERE (status IN ('SUBMITTED', 'VERIFIED'));
    ALTER TABLE duty_log ENABLE TRIGGER duty_log_rollup_inserted;
    ANALYZE duty_log`);
  return { perMember, indexSeconds: (now() - indexed) / 1000 };
}

/** The rollup filled as `rollup:rebuild` fills it: the same statement through the same view. */
async function rebuildRollup(owner: pg.Client): Promise<number> {
  const started = now();
  await owner.query(`
    DELETE FROM duty_log_rollup;
    INSERT INTO duty_log_rollup (member_id, community_id, month, category, shift, volunteer_service,
                                 minutes, logs)
    SELECT b.member_id, b.community_id, b.month, b.category, b.shift, b.volunteer_service,
           sum(b.minutes)::bigint, count(*)::int
      FROM duty_log_bucket b JOIN duty_log l ON l.id = b.id
     WHERE l.status = 'VERIFIED'
     GROUP BY 1, 2, 3, 4, 5, 6;
    ANALYZE duty_log_rollup`);
  return (now() - started) / 1000;
}

/** The unit's year straight from the logs: what every answer must equal. */
async function independentTotals(owner: pg.Client, unitId: string): Promise<Totals> {
  const { rows } = await owner.query<{ members: number; minutes: string; logs: string }>(
    `SELECT (SELECT count(*)::int FROM member WHERE unit_id = $1 AND kind = 'SECONDED') AS members,
            coalesce(sum(l.minutes), 0) AS minutes, count(l.id) AS logs
       FROM duty_log l JOIN member m ON m.id = l.member_id
      WHERE m.unit_id = $1 AND m.kind = 'SECONDED' AND l.status = 'VERIFIED'
        AND l.starts_at >= timestamptz '2026-01-01 00:00+08' AND l.starts_at < timestamptz '2027-01-01 00:00+08'`,
    [unitId],
  );
  const row = rows[0];
  if (!row) throw new Error('no totals');
  return { members: row.members, minutes: Number(row.minutes), logs: Number(row.logs) };
}

/** The report's own statements on the rollup, without the API: the shortest route to the same numbers. */
async function rawReport(client: pg.Client, unitId: string): Promise<Totals> {
  const members = await client.query<{ minutes: string; logs: string }>(
    `SELECT m.id, coalesce(sum(r.minutes), 0) AS minutes, coalesce(sum(r.logs), 0) AS logs
       FROM member m
       LEFT JOIN duty_log_rollup r ON r.member_id = m.id
        AND r.month >= date '2026-01-01' AND r.month < date '2027-01-01'
      WHERE m.unit_id = $1 AND m.kind = 'SECONDED'
      GROUP BY m.id`,
    [unitId],
  );
  await client.query(
    `SELECT r.category, c.name, r.month, sum(r.minutes), sum(r.logs)
       FROM duty_log_rollup r JOIN member m ON m.id = r.member_id JOIN community c ON c.id = r.community_id
      WHERE m.unit_id = $1 AND m.kind = 'SECONDED' AND r.month >= date '2026-01-01' AND r.month < date '2027-01-01'
      GROUP BY GROUPING SETS ((r.category), (c.name), (r.month))`,
    [unitId],
  );
  return {
    members: members.rows.length,
    minutes: members.rows.reduce((sum, row) => sum + Number(row.minutes), 0),
    logs: members.rows.reduce((sum, row) => sum + Number(row.logs), 0),
  };
}

function check(what: string, got: Totals, expected: Totals): void {
  const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;
  if (
    got.members !== expected.members ||
    got.logs !== expected.logs ||
    Math.abs(hours(got.minutes) - hours(expected.minutes)) > 0.05
  ) {
    throw new Error(`${what}: ${JSON.stringify(got)} is not ${JSON.stringify(expected)}`);
  }
}

/** An account of the benchmark with one grant; a reused database keeps it, with this run's password. */
async function benchAccount(
  owner: pg.Client,
  username: string,
  role: 'UNIT_HR' | 'COMMUNITY_ADMIN',
  scope: { unit_id: string } | { community_id: string },
): Promise<void> {
  const [column, id] = Object.entries(scope)[0] ?? [];
  const passwordHash = await hash(PASSWORD);
  await owner.query(
    `WITH a AS (INSERT INTO account (username, password_hash) VALUES ($1, $2)
                ON CONFLICT DO NOTHING RETURNING id)
     INSERT INTO role_grant (account_id, role, ${column === 'unit_id' ? 'unit_id' : 'community_id'})
     SELECT a.id, $3, $4 FROM a`,
    [username, passwordHash, role, id],
  );
  await owner.query(`UPDATE account SET password_hash = $1 WHERE username = $2`, [
    passwordHash,
    username,
  ]);
}

async function main(): Promise<void> {
  const logs = numberFlag('logs', 10_000_000);
  const rounds = numberFlag('rounds', 20);
  const database = 'vanguard_bench_reports';
  let env: BenchEnv;
  let owner: pg.Client;
  let described: string;
  let loaded = '';
  if (hasFlag('reuse')) {
    env = benchEnv(database);
    owner = new pg.Client({ connectionString: env.ownerUrl });
    await owner.connect();
    const { rows } = await owner.query<{ members: number; logs: number }>(
      `SELECT (SELECT count(*)::int FROM member) AS members, (SELECT count(*)::int FROM duty_log) AS logs`,
    );
    described = `The previous run's database: ${String(rows[0]?.members)} members, ${String(rows[0]?.logs)} duty logs`;
  } else {
    const run = await prepareCity(database, { members: 160_000, communities: 4 });
    ({ env, owner } = run);
    described = describeCity(run);
    console.error(described);
    const started = now();
    const { perMember, indexSeconds } = await generateLogs(
      owner,
      logs,
      run.city.members,
      run.city.communities,
    );
    const loadSeconds = (now() - started) / 1000;
    const rebuildSeconds = await rebuildRollup(owner);
    loaded =
      `${String(logs)} duty logs (${String(perMember)} a member over 2026), loaded in ${fixed(loadSeconds, 1)} s ` +
      `(indexes ${fixed(indexSeconds, 1)} s); rollup rebuilt in ${fixed(rebuildSeconds, 1)} s.\n`;
  }
  const unitId = (await owner.query<{ id: string }>(`SELECT ${idOf('unit', 0)} AS id`)).rows[0]?.id;
  if (!unitId) throw new Error('no unit');
  const expected = await independentTotals(owner, unitId);
  console.error(
    `unit 0: ${String(expected.members)} seconded members, ${String(expected.logs)} verified logs in 2026`,
  );
  const communityId = (await owner.query<{ id: string }>(`SELECT ${idOf('community', 0)} AS id`))
    .rows[0]?.id;
  if (!communityId) throw new Error('no community');
  await benchAccount(owner, 'bench-hr', 'UNIT_HR', { unit_id: unitId });
  await benchAccount(owner, 'bench-committee', 'COMMUNITY_ADMIN', { community_id: communityId });

  const api = startChild('apps/api/src/main.js', {
    ...env.production,
    API_PORT: String(API_PORT),
    API_HOST: '127.0.0.1',
  });
  const worker = startChild('apps/worker/src/main.js', {
    ...env.production,
    WORKER_QUEUES: 'reports',
    WORKER_HEALTH_PORT: String(WORKER_HEALTH_PORT),
  });
  const system: number[] = [];
  const bare: number[] = [];
  let exportSeconds = 0;
  let exportBytes = 0;
  let workerRss = 0;
  let dashboard: PathTimes = { system: [], bare: [] };
  try {
    await waitReady(`http://127.0.0.1:${String(API_PORT)}/health/ready`);
    await waitReady(`http://127.0.0.1:${String(WORKER_HEALTH_PORT)}/health/ready`);
    const signIn = async (username: string) =>
      (
        await graphqlAt<{ login: { accessToken: string } }>(
          API_PORT,
          `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken } }`,
          { u: username, p: PASSWORD },
        )
      ).login.accessToken;
    const token = await signIn('bench-hr');
    const viaApi = async () => {
      const t = now();
      const { unitParticipationReport: report } = await graphqlAt<{
        unitParticipationReport: {
          secondedMembers: number;
          activities: number;
          hours: number;
          members: { hours: number; activities: number }[];
        };
      }>(API_PORT, REPORT, { u: unitId, p: YEAR }, token);
      const elapsed = now() - t;
      check(
        'API',
        {
          members: report.members.length,
          minutes: Math.round(report.hours * 60),
          logs: report.activities,
        },
        expected,
      );
      return elapsed;
    };
    const sql = new pg.Client({ connectionString: env.appUrl });
    await sql.connect();
    const viaSql = async () => {
      const t = now();
      const totals = await rawReport(sql, unitId);
      const elapsed = now() - t;
      check('SQL', totals, expected);
      return elapsed;
    };
    await viaApi();
    await viaSql(); // warm-up
    for (let round = 0; round < rounds; round++) {
      system.push(await viaApi());
      bare.push(await viaSql());
    }
    await sql.end();
    dashboard = await measureDashboard(
      API_PORT,
      env.appUrl,
      communityId,
      YEAR,
      await signIn('bench-committee'),
      rounds,
    );

    const exportStarted = now();
    const { exportUnitParticipationReport: asked } = await graphqlAt<{
      exportUnitParticipationReport: { id: string };
    }>(
      API_PORT,
      `mutation($u: UUID!, $p: ReportPeriodInput!) {
        exportUnitParticipationReport(unitId: $u, period: $p, format: XLSX) { id } }`,
      { u: unitId, p: YEAR },
      token,
    );
    for (;;) {
      const { reportExport } = await graphqlAt<{
        reportExport: { status: string; bytes: number | null; rows: number | null };
      }>(
        API_PORT,
        `query($id: UUID!) { reportExport(id: $id) { status bytes rows } }`,
        { id: asked.id },
        token,
      );
      if (reportExport.status === 'FAILED') throw new Error('the export failed');
      if (reportExport.status === 'DONE') {
        if (reportExport.rows !== expected.members)
          throw new Error('the export has the wrong rows');
        exportBytes = reportExport.bytes ?? 0;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    exportSeconds = (now() - exportStarted) / 1000;
    workerRss = peakRssMb(worker.pid);
  } finally {
    await stop(worker);
    await stop(api);
    await owner.end();
  }

  const median = (values: number[]) => percentile(values, 50);
  const ratio = median(system) / median(bare);
  /** A path's row beside its baseline's, as the table shows each pair. */
  const pair = (path: string, times: PathTimes, baseline: string, goal = ['', '']) => {
    const row = (label: string, values: number[], ratioText: string, ...rest: string[]) => [
      label,
      String(rounds),
      fixed(median(values), 1),
      fixed(percentile(values, 99), 1),
      ratioText,
      ...rest,
    ];
    return [
      row(path, times.system, fixed(median(times.system) / median(times.bare), 2), ...goal),
      row(baseline, times.bare, '1.00', '', ''),
    ];
  };
  console.log(`\n${described}. Node ${process.version}.`);
  console.log(loaded);
  console.log(
    table(
      ['path', 'rounds', 'p50 ms', 'p99 ms', 'ratio', 'goal', 'met'],
      [
        ...pair(
          `unitParticipationReport, ${String(expected.members)} members, a year (GraphQL)`,
          { system, bare },
          'the same numbers, raw rollup SQL',
          ['≤ 2×', ratio <= 2 ? 'yes' : 'no'],
        ),
        ...pair(
          'communityDashboard, community 0, a year (GraphQL)',
          dashboard,
          "its months' hours, raw rollup SQL",
        ),
      ],
    ),
  );
  console.log(
    `\nXLSX export of the unit (worker for the reports queue alone): ${fixed(exportSeconds, 1)} s, ` +
      `${fixed(exportBytes / 1024, 0)} KB; worker peak RSS ${fixed(workerRss, 0)} MB (goal < 300 MB: ${workerRss < 300 ? 'met' : 'not met'}).`,
  );
  if (hasFlag('json')) {
    console.log(JSON.stringify({ system, bare, dashboard, exportSeconds, workerRss }));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
