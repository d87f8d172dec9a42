import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { databaseOf, onDatabase, withClient } from '#database';
import {
  eventually,
  freePort,
  processTree,
  stillRunning,
  testConfig,
  type ProcessInfo,
} from '#testing';

/*
 * `npm run demo` as a newcomer runs it: build, migrate, seed, then API and
 * worker under the CLI. Whatever stops it, nothing of it may keep running.
 * It gets its own database, Redis prefix and ports, so it disturbs no other
 * spec (its worker would otherwise take their jobs).
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STOPPED_WITHIN_MS = 10_000;

/** This run's databases, roles and admin; the demo gets a database of its own beside them. */
const TEST = testConfig();
const DEMO_DATABASE = `${databaseOf(TEST.database.url)}_demo`;

/**
 * How the demo finds its database, as a developer's environment would say
 * it: the apps' restricted role, the owner that migrates, the admin that
 * creates both (the demo creates its database and drops nothing).
 */
function databaseEnv(): Record<string, string> {
  return {
    DATABASE_URL: onDatabase(TEST.database.url, DEMO_DATABASE),
    DATABASE_OWNER_URL: onDatabase(TEST.database.ownerUrl, DEMO_DATABASE),
    DATABASE_ADMIN_URL: TEST.database.adminUrl ?? '',
  };
}

/** The developer's environment: no NODE_ENV (so development, as on a fresh clone), no Jest flags. */
function demoEnv(apiPort: number, workerPort: number): NodeJS.ProcessEnv {
  const unset = new Set(['NODE_ENV', 'NODE_OPTIONS', 'LOG_LEVEL', 'LOG_FORMAT']);
  return {
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !unset.has(name))),
    ...databaseEnv(),
    // the run's Redis, named: the launcher then probes nothing and records no choice in the project
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    // under this run's prefix, so global teardown removes the demo's keys too
    REDIS_KEY_PREFIX: `${process.env.VANGUARD_TEST_REDIS_PREFIX ?? 'missing'}_demo`,
    API_PORT: String(apiPort),
    WORKER_HEALTH_PORT: String(workerPort),
  };
}

interface RunningDemo {
  readonly npm: ChildProcess;
  readonly npmPid: number;
  /** npm, the CLI, the API and the worker, as they ran once the demo was ready. */
  readonly tree: ProcessInfo[];
  readonly output: () => string;
}

const started: ProcessInfo[] = [];

async function ready(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${String(port)}/health/ready`)).ok;
  } catch {
    return false; // not listening yet
  }
}

/** Starts `npm run demo` and waits until the API answers ready and the banner is out. */
async function startDemo(): Promise<RunningDemo> {
  const apiPort = await freePort();
  let workerPort = await freePort();
  while (workerPort === apiPort) workerPort = await freePort();
  let output = '';
  const npm = spawn('npm', ['run', 'demo'], {
    cwd: ROOT,
    env: demoEnv(apiPort, workerPort),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<never>((_, reject) =>
    npm.once('exit', (code) => {
      reject(new Error(`npm run demo exited with ${String(code)} before it was ready:\n${output}`));
    }),
  );
  await Promise.race([
    exited,
    eventually(async () => (await ready(apiPort)) && output.includes('Press Ctrl-C'), 45_000),
  ]);
  const npmPid = npm.pid;
  if (npmPid === undefined) throw new Error('npm did not start');
  const tree = processTree(npmPid);
  started.push(...tree);
  const commands = tree.map((p) => p.command).join('\n');
  expect(commands).toMatch(/cli\/src\/main\.js demo/);
  expect(commands).toMatch(/api\/src\/main\.js/);
  expect(commands).toMatch(/worker\/src\/main\.js/);
  return { npm, npmPid, tree, output: () => output };
}

/** What is still running of `processes` after `ms` (or as soon as nothing is). */
async function leftRunningAfter(processes: ProcessInfo[], ms: number): Promise<ProcessInfo[]> {
  await eventually(() => stillRunning(processes).length === 0, ms).catch(() => undefined);
  return stillRunning(processes);
}

function onDemoDatabase<T>(query: (client: pg.Client) => Promise<T>): Promise<T> {
  return withClient(databaseEnv().DATABASE_URL ?? '', query);
}

describe('npm run demo', () => {
  afterAll(async () => {
    // a failed test must not leave its demo running
    for (const p of stillRunning(started)) process.kill(p.pid, 'SIGKILL');
    await withClient(TEST.database.adminUrl ?? '', (client) =>
      client.query(`DROP DATABASE IF EXISTS "${DEMO_DATABASE}" WITH (FORCE)`),
    );
  });

  it('on a first run, logs readably without a line per job and ends with the logins; SIGTERM to npm then stops every process of it within 10 s', async () => {
    const demo = await startDemo();
    // the seed queued a welcome per member: wait until the worker sent them all
    await eventually(
      () =>
        onDemoDatabase(async (db) => {
          const { rows } = await db.query<{ members: number; sent: number }>(
            `SELECT (SELECT count(*)::int FROM member) AS members,
                    (SELECT count(*)::int FROM notification
                      WHERE template = 'MEMBER_WELCOME' AND status = 'SENT') AS sent`,
          );
          return rows[0]?.members === 454 && rows[0].sent === 454;
        }),
      20_000,
    );
    const output = demo.output();
    expect(output).not.toContain('notification sent');
    expect(output).not.toMatch(/^\{"level"/m);
    const banner = output.indexOf('Demo logins');
    expect(output.indexOf('[api] api listening')).toBeGreaterThan(-1);
    expect(output.indexOf('[api] api listening')).toBeLessThan(banner);
    expect(output.indexOf('[worker] worker started')).toBeGreaterThan(-1);
    expect(output.indexOf('[worker] worker started')).toBeLessThan(banner);

    process.kill(demo.npmPid, 'SIGTERM');
    expect(await leftRunningAfter(demo.tree, STOPPED_WITHIN_MS)).toEqual([]);
  }, 90_000);

  it("SIGINT to npm's process alone stops every process of it within 10 s", async () => {
    const demo = await startDemo();
    process.kill(demo.npmPid, 'SIGINT');
    expect(await leftRunningAfter(demo.tree, STOPPED_WITHIN_MS)).toEqual([]);
  }, 60_000);

  it('SIGKILL to the CLI leaves no API or worker behind: they stop when its channel closes', async () => {
    const demo = await startDemo();
    const cli = demo.tree.find((p) => /cli\/src\/main\.js demo/.test(p.command));
    if (!cli) throw new Error('no CLI process in the tree');
    process.kill(cli.pid, 'SIGKILL');
    expect(await leftRunningAfter(demo.tree, STOPPED_WITHIN_MS)).toEqual([]);
  }, 60_000);
});
