/**
 * Live board fan-out: status changes made through GraphQL, delivered to many
 * subscribed WebSocket clients, against a bare WebSocket server fanning out
 * the same bytes from Redis, measured in the same run.
 *
 *   npm run bench:board -- [--clients 1000] [--rate 20] [--seconds 10] [--json]
 *
 * Generates a small city (city.ts: 2,000 members, one community) and its
 * DRAFT tasks into a fresh database `vanguard_bench_board`, gives the
 * community `clients / 5` committee accounts (five connections each, the
 * default cap per account), and starts the real API (built,
 * NODE_ENV=production, default log level) as its own process. Each client
 * is a graphql-ws client (its own socket) subscribed to the community's
 * `dispatchBoard`.
 *
 * The status changes are `publishTask` mutations (DRAFT → DISPATCHING),
 * `--rate` per second for `--seconds`, by one committee member; each
 * commits, then the API publishes the event through Redis and every API
 * process (here one) hands it to its subscribers. Delay runs from sending
 * the mutation to a client receiving the event (so it includes the
 * mutation's own work). Every client must receive every event exactly once,
 * with the right task and status, or the run fails.
 *
 * Baseline (bench/ws-baseline-server.ts, its own process): a `ws` server
 * subscribed to a Redis channel, sending each message as is to every
 * socket; the benchmark publishes the same number of frames of the same
 * shape at the same rate straight to Redis, to as many plain WebSocket
 * clients. Its delay runs from the publish.
 */
import { hash } from '@node-rs/argon2';
import { createClient, type Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import {
  graphqlAt,
  hasFlag,
  numberFlag,
  peakRssMb,
  startChild,
  stop,
  waitReady,
} from './bench-env.js';
import { describeCity, prepareCity } from './bench-city.js';
import { insertDraftTasks } from './draft-tasks.js';
import { fixed, now, percentile, table } from './stats.js';

const API_PORT = Number(process.env.BENCH_API_PORT ?? 3928);
const PASSWORD = `bench-${String(process.pid)}-board`;
const PER_ACCOUNT = 5;
const BOARD = `subscription($c: UUID!) { dispatchBoard(communityId: $c) { kind taskId status } }`;

interface Delivery {
  readonly taskId: string;
  readonly status: string;
  readonly at: number;
}

interface Phase {
  readonly deliveries: number;
  readonly seconds: number;
  readonly delays: number[];
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function inBatches<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size)
    await Promise.all(items.slice(i, i + size).map(work));
}

/** Sends one change per tick at `rate`/s; `send` returns when the change is made. */
async function atRate(
  ids: readonly string[],
  rate: number,
  send: (id: string) => Promise<void>,
  sentAt: Map<string, number>,
): Promise<void> {
  const started = now();
  await Promise.all(
    ids.map(async (id, i) => {
      const wait = started + (i * 1000) / rate - now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      sentAt.set(id, now());
      await send(id);
    }),
  );
}

/** Every client received every id exactly once; the delays and the rate of delivery. */
function measure(
  received: readonly Delivery[][],
  ids: readonly string[],
  sentAt: ReadonlyMap<string, number>,
  status: string,
): Phase {
  const wanted = new Set(ids);
  const delays: number[] = [];
  let last = 0;
  for (const [client, deliveries] of received.entries()) {
    const seen = deliveries.filter((d) => wanted.has(d.taskId));
    const distinct = new Set(seen.map((d) => d.taskId));
    if (seen.length !== ids.length || distinct.size !== ids.length) {
      throw new Error(
        `client ${String(client)} got ${String(seen.length)} of ${String(ids.length)} events`,
      );
    }
    for (const d of seen) {
      if (d.status !== status) throw new Error(`client ${String(client)} got status ${d.status}`);
      delays.push(d.at - (sentAt.get(d.taskId) ?? NaN));
      last = Math.max(last, d.at);
    }
  }
  const first = Math.min(...ids.map((id) => sentAt.get(id) ?? NaN));
  return { deliveries: delays.length, seconds: (last - first) / 1000, delays };
}

async function system(options: {
  env: NodeJS.ProcessEnv;
  communityId: string;
  tokens: string[];
  clients: number;
  warmUp: string;
  tasks: string[];
  rate: number;
}): Promise<Phase> {
  const received: Delivery[][] = Array.from({ length: options.clients }, () => []);
  const sockets: Client[] = [];
  try {
    await inBatches([...received.keys()], 50, async (index) => {
      const client = createClient({
        url: `ws://127.0.0.1:${String(API_PORT)}/graphql`,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: (error) => {
          console.error(`client ${String(index)}:`, error);
        },
        connectionParams: {
          authorization: `Bearer ${options.tokens[Math.floor(index / PER_ACCOUNT)] ?? ''}`,
        },
      });
      sockets.push(client);
      await new Promise<void>((resolve, reject) => {
        client.on('connected', () => {
          resolve();
        });
        client.on('closed', () => {
          reject(new Error(`client ${String(index)} closed`));
        });
      });
      client.subscribe<{ dispatchBoard: { taskId: string; status: string } }>(
        { query: BOARD, variables: { c: options.communityId } },
        {
          next: ({ data }) => {
            const event = data?.dispatchBoard;
            if (event)
              received[index]?.push({ taskId: event.taskId, status: event.status, at: now() });
          },
          error: (error) => {
            console.error(`subscription ${String(index)}:`, error);
          },
          complete: () => undefined,
        },
      );
    });
    const publish = async (id: string) => {
      await graphqlAt(
        API_PORT,
        `mutation($id: UUID!) { publishTask(id: $id) { id } }`,
        { id },
        options.tokens[0],
      );
    };
    // warm-up: every subscription is in place once every client has this event
    await publish(options.warmUp);
    await waitFor(
      () => received.every((d) => d.some((e) => e.taskId === options.warmUp)),
      'the warm-up event at every client',
    );
    const sentAt = new Map<string, number>();
    await atRate(options.tasks, options.rate, publish, sentAt);
    await waitFor(
      () => received.every((d) => d.length >= options.tasks.length + 1),
      'every event at every client',
    );
    return measure(received, options.tasks, sentAt, 'DISPATCHING');
  } finally {
    for (const socket of sockets) void socket.dispose();
  }
}

async function baseline(env: NodeJS.ProcessEnv, clients: number, ids: string[], rate: number) {
  const channel = `${env.REDIS_KEY_PREFIX ?? 'bench'}:ws-baseline`;
  const server = startChild(
    'bench/ws-baseline-server.js',
    { ...env, BENCH_WS_CHANNEL: channel },
    { ipc: true },
  );
  const redis = new Redis(env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const sockets: WebSocket[] = [];
  try {
    const port = await new Promise<number>((resolve, reject) => {
      server.once('message', (m: { port: number }) => {
        resolve(m.port);
      });
      server.once('exit', (code) => {
        reject(new Error(`baseline server exited with ${String(code)}`));
      });
    });
    const received: Delivery[][] = Array.from({ length: clients }, () => []);
    await inBatches([...received.keys()], 50, async (index) => {
      const socket = new WebSocket(`ws://127.0.0.1:${String(port)}`);
      sockets.push(socket);
      socket.on('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString()) as {
          payload: { data: { dispatchBoard: { taskId: string; status: string } } };
        };
        const event = frame.payload.data.dispatchBoard;
        received[index]?.push({ taskId: event.taskId, status: event.status, at: now() });
      });
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
    });
    // the frame a graphql-ws client gets from the API, byte for byte in shape
    const frame = (taskId: string) =>
      JSON.stringify({
        id: '1',
        type: 'next',
        payload: {
          data: { dispatchBoard: { kind: 'TASK_STATUS', taskId, status: 'DISPATCHING' } },
        },
      });
    const sentAt = new Map<string, number>();
    await atRate(
      ids,
      rate,
      async (id) => {
        await redis.publish(channel, frame(id));
      },
      sentAt,
    );
    await waitFor(() => received.every((d) => d.length >= ids.length), 'every baseline frame');
    return measure(received, ids, sentAt, 'DISPATCHING');
  } finally {
    for (const socket of sockets) socket.terminate();
    redis.disconnect();
    await stop(server);
  }
}

async function main(): Promise<void> {
  const clients = numberFlag('clients', 1_000);
  const rate = numberFlag('rate', 20);
  const seconds = numberFlag('seconds', 10);
  const run = await prepareCity('vanguard_bench_board', { members: 2_000, communities: 1 });
  const { env, city, owner } = run;
  console.error(describeCity(run));
  const count = Math.round(rate * seconds);
  const drafts = await insertDraftTasks(owner, city, 0, count + 1);
  const communityId = drafts[0]?.communityId ?? '';
  const accounts = Math.ceil(clients / PER_ACCOUNT);
  const { rows } = await owner.query<{ username: string }>(
    `WITH made AS (
       INSERT INTO account (username, password_hash)
       SELECT 'bench-board-' || i, $1 FROM generate_series(1, $2::int) AS i
       RETURNING id, username)
     , granted AS (
       INSERT INTO role_grant (account_id, role, community_id)
       SELECT id, 'COMMUNITY_ADMIN', $3::uuid FROM made)
     SELECT username FROM made ORDER BY username`,
    [await hash(PASSWORD), accounts, communityId],
  );
  const api = startChild('apps/api/src/main.js', {
    ...env.production,
    API_PORT: String(API_PORT),
    API_HOST: '127.0.0.1',
    // the benchmark signs its accounts in from one address
    LOGIN_RATE_LIMIT: String(accounts * 2),
  });
  let result: { system: Phase; apiPeakRssMb: number };
  try {
    await waitReady(`http://127.0.0.1:${String(API_PORT)}/health/ready`);
    const tokens: string[] = [];
    await inBatches(rows, 4, async ({ username }) => {
      const { login } = await graphqlAt<{ login: { accessToken: string } }>(
        API_PORT,
        `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken } }`,
        { u: username, p: PASSWORD },
      );
      tokens.push(login.accessToken);
    });
    console.error(
      `${String(clients)} clients, ${String(count)} status changes at ${String(rate)}/s`,
    );
    const phase = await system({
      env: env.production,
      communityId,
      tokens,
      clients,
      warmUp: drafts[0]?.id ?? '',
      tasks: drafts.slice(1).map((d) => d.id),
      rate,
    });
    result = { system: phase, apiPeakRssMb: peakRssMb(api.pid) };
  } finally {
    await stop(api);
  }
  console.error('baseline: bare WebSocket server');
  const bare = await baseline(
    env.production,
    clients,
    drafts.slice(1).map((d) => d.id),
    rate,
  );
  await owner.end();

  const row = (name: string, phase: Phase) => [
    name,
    String(phase.deliveries),
    fixed(phase.deliveries / phase.seconds),
    fixed(percentile(phase.delays, 50), 1),
    fixed(percentile(phase.delays, 99), 1),
  ];
  console.log(`\n${describeCity(run)}. Node ${process.version}.\n`);
  console.log(
    `${String(clients)} clients, ${String(count)} status changes at ${String(rate)}/s; ` +
      `API peak RSS ${fixed(result.apiPeakRssMb)} MB.\n`,
  );
  console.log(
    table(
      ['', 'events delivered', 'events/s', 'p50 ms', 'p99 ms'],
      [
        row('live board (GraphQL subscription, Redis, scope filter)', result.system),
        row('bare ws server fanning out Redis messages', bare),
      ],
    ),
  );
  console.log(
    `\nRatio: ${fixed((result.system.deliveries / result.system.seconds / (bare.deliveries / bare.seconds)) * 100, 1)} % of the baseline's events/s; ` +
      `p99 ${fixed(percentile(result.system.delays, 99) / percentile(bare.delays, 99), 1)}× the baseline's.`,
  );
  if (hasFlag('json')) console.log(JSON.stringify({ result, bare }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
