/**
 * Throughput of signed-in GraphQL requests, as a ratio to a bare handler.
 *
 *   npm run bench:graphql          (BENCH_SECONDS, BENCH_ROUNDS, BENCH_CONNECTIONS)
 *
 * Creates a throw-away database `vanguard_bench`, migrates it and seeds the
 * demo community (Q社区) with the CLI, then starts two processes side by side:
 * the API exactly as a user runs it (built, NODE_ENV=production, default log
 * level) and bench/bare-handler.ts, the shortest honest route to the same
 * bytes (node:http, a pg pool, the token check and one statement). Before
 * measuring, each scenario's bare body must equal the API's byte for byte.
 * Then both are driven by the same load generator (autocannon, in this
 * process) in interleaved rounds; every response body is compared with the
 * expected one, so an error answered with status 200 fails the run. Reported:
 * requests/s, p50/p99 latency and CPU per request of each server process,
 * with the API/bare ratios (medians over the rounds).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { benchEnv, dist, recreateDatabase, run } from './bench-env.js';

const API_PORT = Number(process.env.BENCH_PORT ?? 3917);
const BARE_PORT = API_PORT + 1;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DEMO_PASSWORD = 'Vanguard-demo-2026';

const env = benchEnv('vanguard_bench');
const production: NodeJS.ProcessEnv = {
  ...env.production,
  API_HOST: '127.0.0.1',
  API_PORT: String(API_PORT),
};

async function prepareDatabase(): Promise<void> {
  await recreateDatabase(env);
  // The demo seed refuses production; it runs in development with the run's keys.
  await run([dist('apps/cli/src/main.js'), 'seed'], env.development);
}

async function start(script: string, env: NodeJS.ProcessEnv, ready: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [dist(script)], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; attempt < 150; attempt++) {
    try {
      if ((await fetch(ready)).status < 500) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`${script} did not start`);
}

async function graphql(query: string, token?: string): Promise<{ text: string; data: unknown }> {
  const response = await fetch(`http://127.0.0.1:${API_PORT}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query }),
  });
  const text = await response.text();
  const body = JSON.parse(text) as { data: unknown; errors?: unknown };
  if (body.errors) throw new Error(`GraphQL error: ${text}`);
  return { text, data: body.data };
}

async function login(username: string): Promise<string> {
  const { data } = await graphql(
    `mutation { login(input: { username: "${username}", password: "${DEMO_PASSWORD}" }) { accessToken } }`,
  );
  return (data as { login: { accessToken: string } }).login.accessToken;
}

interface Scenario {
  readonly name: string;
  readonly query: string;
  readonly token: string;
  readonly barePath: string;
  expected?: string;
}

interface Sample {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly cpuMsPerRequest: number;
}

/** User + system CPU time of a process so far, in milliseconds (Linux /proc). */
function cpuMs(pid: number): number {
  const fields =
    readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
      .split(') ')[1]
      ?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}

async function measure(
  scenario: Scenario,
  target: 'api' | 'bare',
  pid: number,
  seconds: number,
): Promise<Sample> {
  let wrong = 0;
  const request: autocannon.Request =
    target === 'api'
      ? {
          method: 'POST',
          path: '/graphql',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${scenario.token}`,
          },
          body: JSON.stringify({ query: scenario.query }),
        }
      : {
          method: 'POST',
          path: scenario.barePath,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${scenario.token}`,
          },
          body: JSON.stringify({ query: scenario.query }),
        };
  request.onResponse = (status: number, body: string) => {
    if (status !== 200 || body !== scenario.expected) wrong++;
  };
  const before = cpuMs(pid);
  const result = await autocannon({
    url: `http://127.0.0.1:${String(target === 'api' ? API_PORT : BARE_PORT)}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [request],
  });
  const cpu = cpuMs(pid) - before;
  if (wrong > 0 || result.errors > 0 || result.non2xx > 0) {
    throw new Error(
      `${scenario.name} (${target}): ${String(wrong)} wrong bodies, ${String(result.errors)} errors`,
    );
  }
  return {
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMsPerRequest: cpu / result.requests.total,
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

async function main(): Promise<void> {
  await prepareDatabase();
  const api = await start(
    'apps/api/src/main.js',
    production,
    `http://127.0.0.1:${API_PORT}/health/ready`,
  );
  const bare = await start(
    'bench/bare-handler.js',
    { ...production, BARE_PORT: String(BARE_PORT) },
    `http://127.0.0.1:${BARE_PORT}/`,
  );
  try {
    const admin = await login('q-admin');
    const operator = await login('operator');
    const { data } = await graphql('{ communities(first: 1) { items { id } } }', admin);
    const communityId =
      (data as { communities: { items: { id: string }[] } }).communities.items[0]?.id ?? '';
    const list =
      '{ members(first: 20) { totalCount items { name kind phone residenceCourtyard { name } } } }';
    const scenarios: Scenario[] = [
      {
        name: 'me',
        query: '{ me { id username grants { role communityId } } }',
        token: admin,
        barePath: '/me',
      },
      { name: 'member list, COMMUNITY_ADMIN', query: list, token: admin, barePath: '/members' },
      {
        name: 'member list, OPERATOR (audited)',
        query: list,
        token: operator,
        barePath: '/members',
      },
      {
        name: 'community overview',
        query: `{ communityOverview(communityId: "${communityId}") { community { id name timeZone reReportIntervalMonths }
          courtyards { id name kind } branches { id name status groups { id name courtyardId courtyardName
          leader { memberId name } deputy { memberId name } memberCount } }
          teams { id name kind specialty memberCount } residentMembers secondedMembers overdueReReports } }`,
        token: admin,
        barePath: `/overview?community=${communityId}`,
      },
    ];
    for (const scenario of scenarios) {
      scenario.expected = (await graphql(scenario.query, scenario.token)).text;
      const response = await fetch(`http://127.0.0.1:${BARE_PORT}${scenario.barePath}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${scenario.token}` },
      });
      const bareBody = await response.text();
      if (bareBody !== scenario.expected) {
        throw new Error(
          `${scenario.name}: bare body differs\n api:  ${scenario.expected}\n bare: ${bareBody}`,
        );
      }
    }
    const pids = { api: api.pid ?? 0, bare: bare.pid ?? 0 };
    // Warm up JIT compilation, pools and caches of both before measuring.
    for (const scenario of scenarios) {
      for (const target of ['api', 'bare'] as const)
        await measure(scenario, target, pids[target], 2);
    }
    const samples = new Map<string, { api: Sample[]; bare: Sample[] }>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const scenario of scenarios) {
        const order = round % 2 === 0 ? (['api', 'bare'] as const) : (['bare', 'api'] as const);
        const entry = samples.get(scenario.name) ?? { api: [], bare: [] };
        for (const target of order)
          entry[target].push(await measure(scenario, target, pids[target], SECONDS));
        samples.set(scenario.name, entry);
      }
    }
    console.log(
      `\n${String(CONNECTIONS)} connections, ${String(ROUNDS)} interleaved rounds of ${String(SECONDS)} s, Node ${process.version}, medians\n`,
    );
    console.log(
      '| scenario | API req/s | bare req/s | ratio | API p50/p99 ms | bare p50/p99 ms | API CPU ms/req | bare CPU ms/req | CPU ratio |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const [name, { api: a, bare: b }] of samples) {
      const ratio = median(a.map((s, i) => s.rps / (b[i]?.rps ?? NaN)));
      const cpuRatio = median(a.map((s, i) => s.cpuMsPerRequest / (b[i]?.cpuMsPerRequest ?? NaN)));
      const m = (xs: Sample[], k: keyof Sample) => median(xs.map((x) => x[k]));
      console.log(
        `| ${name} | ${m(a, 'rps').toFixed(0)} | ${m(b, 'rps').toFixed(0)} | ${ratio.toFixed(2)} | ` +
          `${m(a, 'p50').toFixed(0)} / ${m(a, 'p99').toFixed(0)} | ${m(b, 'p50').toFixed(0)} / ${m(b, 'p99').toFixed(0)} | ` +
          `${m(a, 'cpuMsPerRequest').toFixed(3)} | ${m(b, 'cpuMsPerRequest').toFixed(3)} | ${cpuRatio.toFixed(2)} |`,
      );
    }
  } finally {
    for (const child of [api, bare]) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
