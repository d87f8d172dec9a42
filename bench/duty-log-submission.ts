/**
 * Duty-log submission through GraphQL, against a bare insert of the same
 * rows in the same run.
 *
 *   npm run bench:dutylogs -- [--logs 10000] [--members 32] [--json]
 *
 * Generates a small city (city.ts: 2,000 members, one community) into a
 * fresh database `vanguard_bench_dutylogs`, gives `2 × --members` of its
 * residents a sign-in, and starts the real API (built, NODE_ENV=production,
 * default log level) as its own process.
 *
 * - **API**: `--members` clients at once, each a member submitting their own
 *   ten-minute logs of the last six days back to back (`submitDutyLog`,
 *   self-initiated: every rule checked, the age included, which within ten
 *   calendar days needs no count of working days; verification is not on
 *   this path), over kept-alive connections (loadClient). Each answer must be
 *   the log, SUBMITTED, with the right member and minutes.
 * - **Baseline**: the same number of rows for the other members, each one
 *   INSERT of the same columns through a pg pool of the API's size, with as
 *   many callers at once: the shortest honest route to the same rows.
 *
 * Afterwards every row is counted, for both. Reported: logs/s and p50/p99 of
 * each, and the ratio. Goal (issue 10): ≥ 2,000 logs/s through the API.
 */
import { hash } from '@node-rs/argon2';
import pg from 'pg';
import {
  graphqlAt,
  hasFlag,
  loadClient,
  numberFlag,
  startChild,
  stop,
  waitReady,
} from './bench-env.js';
import { describeCity, prepareCity } from './bench-city.js';
import { fixed, now, percentile, table } from './stats.js';

const API_PORT = Number(process.env.BENCH_API_PORT ?? 3928);
const PASSWORD = `bench-${String(process.pid)}-logs`;
const MINUTE = 60_000;
const SUBMIT = `mutation($i: DutyLogInput!) { submitDutyLog(input: $i) { id memberId minutes status } }`;

interface Phase {
  readonly logs: number;
  readonly seconds: number;
  readonly latencies: number[];
}

/** The k-th log of a member: ten minutes, back to back, ending six days ago plus k × 10 minutes. */
function windowOf(k: number, origin: number): { startsAt: Date; endsAt: Date } {
  const startsAt = new Date(origin + k * 10 * MINUTE);
  return { startsAt, endsAt: new Date(startsAt.getTime() + 10 * MINUTE) };
}

/** Runs `perClient` submissions for each client at once; latency per submission. */
async function drive(
  clients: number,
  perClient: number,
  submit: (client: number, k: number) => Promise<void>,
): Promise<Phase> {
  const latencies: number[] = [];
  const started = now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let k = 0; k < perClient; k++) {
        const t = now();
        await submit(client, k);
        latencies.push(now() - t);
      }
    }),
  );
  return { logs: latencies.length, seconds: (now() - started) / 1000, latencies };
}

async function main(): Promise<void> {
  const total = numberFlag('logs', 10_000);
  const clients = numberFlag('members', 32);
  const perClient = Math.ceil(total / clients);
  const run = await prepareCity('vanguard_bench_dutylogs', { members: 2_000, communities: 1 });
  const { env, owner } = run;
  console.error(describeCity(run));
  const { rows: members } = await owner.query<{
    id: string;
    communityId: string;
    username: string;
  }>(
    `WITH picked AS (
       SELECT id, residence_community_id AS community_id FROM member
        WHERE kind = 'RESIDENT' ORDER BY id LIMIT $1),
     accounts AS (
       INSERT INTO account (username, password_hash)
       SELECT 'bench-log-' || p.id, $2 FROM picked p RETURNING id, username),
     grants AS (
       INSERT INTO role_grant (account_id, role, member_id)
       SELECT a.id, 'MEMBER', substr(a.username, 11)::uuid FROM accounts a)
     SELECT p.id, p.community_id AS "communityId", 'bench-log-' || p.id AS username
       FROM picked p ORDER BY p.id`,
    [2 * clients, await hash(PASSWORD)],
  );
  const apiMembers = members.slice(0, clients);
  const bareMembers = members.slice(clients);
  // six days ago, on the minute: every log is within ten working days and in the past
  const origin = Math.floor((Date.now() - 6 * 24 * 60 * MINUTE) / MINUTE) * MINUTE;
  if (origin + perClient * 10 * MINUTE > Date.now()) throw new Error('too many logs per member');

  const api = startChild('apps/api/src/main.js', {
    ...env.production,
    API_PORT: String(API_PORT),
    API_HOST: '127.0.0.1',
    LOGIN_RATE_LIMIT: String(clients * 4),
  });
  let system: Phase;
  try {
    await waitReady(`http://127.0.0.1:${String(API_PORT)}/health/ready`);
    const tokens: string[] = [];
    for (const member of apiMembers) {
      const { login } = await graphqlAt<{ login: { accessToken: string } }>(
        API_PORT,
        `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken } }`,
        { u: member.username, p: PASSWORD },
      );
      tokens.push(login.accessToken);
    }
    console.error(`API: ${String(clients * perClient)} logs, ${String(clients)} members at once`);
    const load = loadClient(API_PORT, clients);
    system = await drive(clients, perClient, async (client, k) => {
      const member = apiMembers[client];
      if (!member) throw new Error('no member');
      const { startsAt, endsAt } = windowOf(k, origin);
      const { submitDutyLog } = await load.post<{
        submitDutyLog: { memberId: string; minutes: number; status: string };
      }>(
        SUBMIT,
        {
          i: {
            clientRequestId: `bench-${String(k)}`,
            theme: '入户走访',
            content: '走访独居老人，了解冬季取暖情况',
            place: '社区党群服务中心',
            startsAt: startsAt.toISOString(),
            endsAt: endsAt.toISOString(),
            communityId: member.communityId,
          },
        },
        tokens[client] ?? '',
      );
      if (
        submitDutyLog.memberId !== member.id ||
        submitDutyLog.minutes !== 10 ||
        submitDutyLog.status !== 'SUBMITTED'
      ) {
        throw new Error(`unexpected answer ${JSON.stringify(submitDutyLog)}`);
      }
    });
    load.close();
  } finally {
    await stop(api);
  }

  console.error('baseline: bare inserts');
  const pool = new pg.Pool({ connectionString: env.appUrl, max: 10 });
  const bare = await drive(clients, perClient, async (client, k) => {
    const member = bareMembers[client];
    if (!member) throw new Error('no member');
    const { startsAt, endsAt } = windowOf(k, origin);
    await pool.query(
      `INSERT INTO duty_log (id, lineage_id, member_id, community_id, client_request_id, theme, content,
                             place, starts_at, ends_at, source, volunteer_service, submitted_at)
       SELECT g, g, $1, $2, $3, '入户走访', '走访独居老人，了解冬季取暖情况', '社区党群服务中心',
              $4, $5, 'MANUAL', TRUE, now()
         FROM gen_random_uuid() AS g`,
      [member.id, member.communityId, `bench-${String(k)}`, startsAt, endsAt],
    );
  });
  await pool.end();
  const count = async (ids: readonly { id: string }[]) =>
    Number(
      (
        await owner.query<{ n: string }>(
          `SELECT count(*) AS n FROM duty_log WHERE member_id = ANY($1::uuid[]) AND status = 'SUBMITTED'`,
          [ids.map((m) => m.id)],
        )
      ).rows[0]?.n,
    );
  const [stored, storedBare] = [await count(apiMembers), await count(bareMembers)];
  await owner.end();
  if (stored !== system.logs || storedBare !== bare.logs) {
    throw new Error(`stored ${String(stored)} and ${String(storedBare)} of ${String(system.logs)}`);
  }

  const rate = (phase: Phase) => phase.logs / phase.seconds;
  console.log(`\n${describeCity(run)}. Node ${process.version}.\n`);
  console.log(
    table(
      ['path', 'logs', 'logs/s', 'p50 ms', 'p99 ms', 'goal', 'met'],
      [
        [
          `submitDutyLog through GraphQL (${String(clients)} members at once)`,
          String(system.logs),
          fixed(rate(system)),
          fixed(percentile(system.latencies, 50), 1),
          fixed(percentile(system.latencies, 99), 1),
          '≥ 2,000 logs/s',
          rate(system) >= 2000 ? 'yes' : 'no',
        ],
        [
          'bare INSERT of the same rows (pool of 10)',
          String(bare.logs),
          fixed(rate(bare)),
          fixed(percentile(bare.latencies, 50), 1),
          fixed(percentile(bare.latencies, 99), 1),
          '',
          '',
        ],
      ],
    ),
  );
  console.log(
    `\nRatio: ${fixed((rate(system) / rate(bare)) * 100, 1)} % of the bare insert's logs/s.`,
  );
  if (hasFlag('json')) console.log(JSON.stringify({ system, bare }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
