/**
 * Call-up fan-out: from the committee's call-up to the last member's message
 * queued, and to the last one handed to the notification channel, with the
 * peak memory of the API and the worker; against raw BullMQ moving as many
 * no-op jobs on the same Redis in the same run.
 *
 *   npm run bench:callup -- [--members 100000] [--communities 1] [--json]
 *
 * Generates the city (city.ts) into a fresh database `vanguard_bench_callup`:
 * by default one community holding every member, a quarter of them seconded
 * with ACTIVE secondments. Starts the real API and worker (built,
 * NODE_ENV=production, default log level, the default LOG channel) as their
 * own processes, signs in as the first community's committee and calls up its
 * members, residents included, through GraphQL, as a committee would.
 *
 * Times (wall clock; the database's timestamps come from the worker on the
 * same machine):
 * - queued: the last batch's send job in BullMQ (its outbox row relayed);
 * - handed: the last notification marked SENT, which happens once the
 *   channel took every message of its batch.
 * Peak RSS is each process's high-water mark (VmHWM), read before stopping it.
 *
 * Checked afterwards: every member of the community's pool (counted here
 * independently: its residents and its ACTIVE secondments) has exactly one
 * call-up message, SENT, on the roll-call, and nobody else has one; the
 * roll-call's count through GraphQL says the same.
 */
import { hash } from '@node-rs/argon2';
import type pg from 'pg';
import { graphqlAt, hasFlag, peakRssMb, startChild, stop, waitReady } from './bench-env.js';
import { describeCity, prepareCity } from './bench-city.js';
import { idOf } from './city.js';
import { measureNoop } from './noop-baseline.js';
import { fixed, table } from './stats.js';

const API_PORT = Number(process.env.BENCH_API_PORT ?? 3928);
const WORKER_HEALTH_PORT = Number(process.env.BENCH_WORKER_HEALTH_PORT ?? 3927);
const PASSWORD = `bench-${String(process.pid)}-callup`;
/** The notifications queue's concurrency (catalogue), for the baseline. */
const NOTIFICATION_CONCURRENCY = 4;
/** The goal of issue 9: 100,000 members' messages handed to the channel within a minute. */
const GOAL_SECONDS = 60;

interface Progress {
  fannedOut: boolean;
  pending: number;
  unrelayed: number;
  queuedAt: Date | null;
  handedAt: Date | null;
}

async function progress(owner: pg.Client, callUpId: string): Promise<Progress> {
  const { rows } = await owner.query<Progress>(
    `WITH sent AS (
       SELECT n.batch_id, n.status, n.sent_at FROM notification n
         JOIN call_up_recipient r ON r.id = n.subject_id
        WHERE r.call_up_id = $1 AND n.template = 'CALL_UP'),
     jobs AS (
       SELECT o.relayed_at FROM outbox_message o
        WHERE o.job_name = 'notification.send-batch'
          AND (o.payload ->> 'batchId')::uuid IN (SELECT DISTINCT batch_id FROM sent))
     SELECT (SELECT fanned_out_at IS NOT NULL FROM call_up WHERE id = $1) AS "fannedOut",
            (SELECT count(*) FROM sent WHERE status <> 'SENT')::int AS pending,
            (SELECT count(*) FROM jobs WHERE relayed_at IS NULL)::int AS unrelayed,
            (SELECT max(relayed_at) FROM jobs) AS "queuedAt",
            (SELECT max(sent_at) FROM sent) AS "handedAt"`,
    [callUpId],
  );
  const row = rows[0];
  if (!row) throw new Error('no progress row');
  return row;
}

/** Every member of the pool told once, nobody else; returns the pool's size. */
async function check(owner: pg.Client, callUpId: string, communityId: string): Promise<number> {
  const { rows } = await owner.query<{
    pool: number;
    told: number;
    once: boolean;
    outside: number;
  }>(
    `WITH pool AS (
       SELECT id FROM member WHERE residence_community_id = $2 AND kind = 'RESIDENT'
       UNION
       SELECT member_id FROM secondment WHERE community_id = $2 AND status = 'ACTIVE'),
     told AS (
       SELECT n.member_id, count(*) AS messages, bool_and(n.status = 'SENT') AS sent
         FROM notification n JOIN call_up_recipient r ON r.id = n.subject_id
        WHERE r.call_up_id = $1 AND n.template = 'CALL_UP' GROUP BY n.member_id)
     SELECT (SELECT count(*) FROM pool)::int AS pool,
            (SELECT count(*) FROM told JOIN pool ON pool.id = told.member_id
              WHERE told.messages = 1 AND told.sent)::int AS told,
            (SELECT count(*) FROM told)::int = (SELECT count(*) FROM pool)::int AS once,
            (SELECT count(*) FROM told WHERE member_id NOT IN (SELECT id FROM pool))::int AS outside`,
    [callUpId, communityId],
  );
  const row = rows[0];
  if (!row || row.told !== row.pool || !row.once || row.outside !== 0) {
    throw new Error(`call-up messages wrong: ${JSON.stringify(row)}`);
  }
  return row.pool;
}

async function main(): Promise<void> {
  const run = await prepareCity('vanguard_bench_callup', { members: 100_000, communities: 1 });
  const { env, owner } = run;
  console.error(describeCity(run));
  const communityId = (await owner.query<{ id: string }>(`SELECT ${idOf('community', 0)} AS id`))
    .rows[0]?.id;
  if (!communityId) throw new Error('no community');
  // The generated committee cannot sign in ('!'); give it a password (argon2id,
  // whose parameters travel with the hash, as the product's own do).
  await owner.query(`UPDATE account SET password_hash = $1 WHERE username = 'bench-committee-0'`, [
    await hash(PASSWORD),
  ]);

  const apiEnv = { ...env.production, API_PORT: String(API_PORT), API_HOST: '127.0.0.1' };
  const api = startChild('apps/api/src/main.js', apiEnv);
  const worker = startChild('apps/worker/src/main.js', {
    ...env.production,
    WORKER_HEALTH_PORT: String(WORKER_HEALTH_PORT),
  });
  let result;
  try {
    await waitReady(`http://127.0.0.1:${String(API_PORT)}/health/ready`);
    await waitReady(`http://127.0.0.1:${String(WORKER_HEALTH_PORT)}/health/ready`);
    const { login } = await graphqlAt<{ login: { accessToken: string } }>(
      API_PORT,
      `
        mutation ($p: String!) {
          login(input: { username: "bench-committee-0", password: $p }) {
            accessToken
          }
        }
      `,
      { p: PASSWORD },
    );
    const started = Date.now();
    const { callUp } = await graphqlAt<{ callUp: { id: string }[] }>(
      API_PORT,
      `
        mutation ($i: CallUpInput!) {
          callUp(input: $i) {
            id
          }
        }
      `,
      {
        i: {
          communityIds: [communityId],
          message: '暴雨红色预警，请立即到社区党群服务中心报到，协助转移低洼地带群众',
          respondBy: new Date(started + 3_600_000).toISOString(),
          includeResidents: true,
        },
      },
      login.accessToken,
    );
    const accepted = Date.now() - started;
    const callUpId = callUp[0]?.id;
    if (!callUpId) throw new Error('no call-up made');
    let state = await progress(owner, callUpId);
    while (!state.fannedOut || state.pending > 0 || state.unrelayed > 0) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      state = await progress(owner, callUpId);
    }
    const members = await check(owner, callUpId, communityId);
    const { rollCall } = await graphqlAt<{ rollCall: { callUp: { counts: { called: number } } } }>(
      API_PORT,
      `
        query ($id: UUID!) {
          rollCall(callUpId: $id) {
            callUp {
              counts {
                called
              }
            }
          }
        }
      `,
      { id: callUpId },
      login.accessToken,
    );
    if (rollCall.callUp.counts.called !== members) throw new Error('roll-call count differs');
    result = {
      members,
      acceptedMs: accepted,
      queuedSeconds: ((state.queuedAt?.getTime() ?? NaN) - started) / 1000,
      handedSeconds: ((state.handedAt?.getTime() ?? NaN) - started) / 1000,
      apiPeakRssMb: peakRssMb(api.pid),
      workerPeakRssMb: peakRssMb(worker.pid),
    };
  } finally {
    await stop(api);
    await stop(worker);
  }
  console.error(`no-op baseline: ${String(result.members)} jobs`);
  const noop = await measureNoop(env.production, result.members, NOTIFICATION_CONCURRENCY);
  await owner.end();

  console.log(`\n${describeCity(run)}. Node ${process.version}.\n`);
  console.log(
    table(
      ['members called', 'call-up answered', 'all queued', 'all handed to channel', 'goal', 'met'],
      [
        [
          String(result.members),
          `${fixed(result.acceptedMs)} ms`,
          `${fixed(result.queuedSeconds, 1)} s`,
          `${fixed(result.handedSeconds, 1)} s`,
          `< ${String(GOAL_SECONDS)} s at 100,000`,
          result.handedSeconds < GOAL_SECONDS ? 'yes' : 'no',
        ],
      ],
    ),
  );
  console.log('');
  console.log(
    table(
      ['', 'seconds', 'messages/s', 'ratio', 'peak RSS API', 'peak RSS worker'],
      [
        [
          'call-up, to all handed',
          fixed(result.handedSeconds, 1),
          fixed(result.members / result.handedSeconds),
          `${fixed((noop.seconds / result.handedSeconds) * 100, 1)} % of no-op`,
          `${fixed(result.apiPeakRssMb)} MB`,
          `${fixed(result.workerPeakRssMb)} MB`,
        ],
        [
          `BullMQ no-op, one job per member (concurrency ${String(NOTIFICATION_CONCURRENCY)})`,
          fixed(noop.seconds, 1),
          fixed(noop.jobsPerSecond),
          '',
          '',
          '',
        ],
      ],
    ),
  );
  if (hasFlag('json')) console.log(JSON.stringify({ result, noop }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
