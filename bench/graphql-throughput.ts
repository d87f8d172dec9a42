/**
 * GraphQL throughput of the API as built, against the seeded demo community.
 *
 *   npm run bench:graphql
 *
 * Builds nothing itself (the npm script builds first), creates a throw-away
 * database `vanguard_bench`, migrates and seeds it with the CLI, starts the
 * API as its own process and drives it over loopback with autocannon from
 * this one. Machines here are noisy, so every scenario is reported as a
 * ratio to a baseline measured in the same run: `GET /health/live`, which
 * goes through Fastify and the request-id hook but no GraphQL, no token and
 * no SQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const DATABASE = 'vanguard_bench';
const PORT = Number(process.env.BENCH_PORT ?? 3917);
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 16;
const BASE = `http://127.0.0.1:${PORT}`;

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'development',
  LOG_LEVEL: 'warn',
  API_HOST: '127.0.0.1',
  API_PORT: String(PORT),
  DATABASE_URL: `postgres://vanguard_app@127.0.0.1:5432/${DATABASE}`,
  DATABASE_OWNER_URL: `postgres://vanguard_owner@127.0.0.1:5432/${DATABASE}`,
  REDIS_KEY_PREFIX: 'vanguard-bench',
};

const cli = (file: string) => fileURLToPath(new URL(`../apps/${file}`, import.meta.url));

async function run(args: string[]): Promise<void> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${args.join(' ')} exited with ${String(code)}`);
}

async function recreateDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await run([cli('cli/src/main.js'), 'migrate']);
  await run([cli('cli/src/main.js'), 'seed']);
}

async function startApi(): Promise<ChildProcess> {
  const api = spawn(process.execPath, [cli('api/src/main.js')], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(`${BASE}/health/ready`)).ok) return api;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  api.kill();
  throw new Error('API did not become ready');
}

async function graphql(query: string, token?: string): Promise<unknown> {
  const response = await fetch(`${BASE}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  if (body.errors) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
  return body.data;
}

interface Scenario {
  name: string;
  request: autocannon.Request;
}

function post(query: string, token: string): autocannon.Request {
  return {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  };
}

async function measure(scenario: Scenario): Promise<{ rps: number; p99: number }> {
  const result = await autocannon({
    url: BASE,
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
    requests: [scenario.request],
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${scenario.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return { rps: result.requests.average, p99: result.latency.p99 };
}

const MEMBERS_QUERY = `{ members(first: 50) { totalCount items {
  id name kind phone idNumber skills physicalCondition
  residenceCourtyard { name } unit { name } } } }`;

async function main(): Promise<void> {
  await recreateDatabase();
  const api = await startApi();
  try {
    const { login } = (await graphql(`
      mutation {
        login(input: { username: "q-admin", password: "Vanguard-demo-2026" }) {
          accessToken
        }
      }
    `)) as { login: { accessToken: string } };
    const token = login.accessToken;
    // Check once that the list really returns rows, so the benchmark measures work.
    const sample = (await graphql(MEMBERS_QUERY, token)) as {
      members: { items: unknown[] };
    };
    if (sample.members.items.length === 0) throw new Error('demo community has no members');

    const scenarios: Scenario[] = [
      { name: 'baseline GET /health/live', request: { method: 'GET', path: '/health/live' } },
      { name: 'query { me } (token + grants)', request: post('{ me { id username } }', token) },
      {
        name: `members(first: 50), ${String(sample.members.items.length)} rows, nested`,
        request: post(MEMBERS_QUERY, token),
      },
    ];
    // Warm up JIT compilation, pools and caches before measuring anything.
    for (const scenario of scenarios) {
      await autocannon({ url: BASE, connections: 4, amount: 200, requests: [scenario.request] });
    }
    const results = [];
    for (const scenario of scenarios) results.push({ scenario, ...(await measure(scenario)) });
    const baseline = results[0]?.rps ?? 1;
    console.log(
      `\n${CONNECTIONS} connections, ${String(DURATION_SECONDS)} s each, Node ${process.version}\n`,
    );
    console.log('| scenario | req/s | p99 ms | ratio to baseline |');
    console.log('|---|---:|---:|---:|');
    for (const { scenario, rps, p99 } of results) {
      console.log(
        `| ${scenario.name} | ${rps.toFixed(0)} | ${p99.toFixed(1)} | ${(rps / baseline).toFixed(3)} |`,
      );
    }
  } finally {
    api.kill('SIGTERM');
    await once(api, 'exit');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
