import http from 'node:http';
/**
 * What every benchmark needs to run the product as a user runs it: its own
 * throw-away database with the production roles (migrated by
 * `vanguard_owner` through the CLI, served as `vanguard_app`), a Redis key
 * prefix of its own, fresh secrets (production refuses the development
 * ones), NODE_ENV=production and the default log level.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';

export const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchEnv {
  readonly database: string;
  /** The environment of a production process (API, worker, CLI). */
  readonly production: NodeJS.ProcessEnv;
  /** The same in development mode (the demo seed refuses production). */
  readonly development: NodeJS.ProcessEnv;
  /** The schema owner's URL: for the generator, which bulk-loads as the migrations do. */
  readonly ownerUrl: string;
  readonly appUrl: string;
}

export function benchEnv(database: string): BenchEnv {
  const appUrl = `postgres://vanguard_app@127.0.0.1:5432/${database}`;
  const ownerUrl = `postgres://vanguard_owner@127.0.0.1:5432/${database}`;
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    PERSONAL_DATA_KEY: randomBytes(32).toString('base64'),
    PERSONAL_DATA_HASH_KEY: randomBytes(32).toString('base64'),
    DATABASE_URL: appUrl,
    DATABASE_OWNER_URL: ownerUrl,
    // Production has no default superuser URL; the bench creates roles and database through it.
    DATABASE_ADMIN_URL: ADMIN_URL,
    REDIS_KEY_PREFIX: database.replaceAll('_', '-'),
  };
  delete base.LOG_LEVEL;
  return {
    database,
    production: { ...base, NODE_ENV: 'production' },
    development: { ...base, NODE_ENV: 'development' },
    ownerUrl,
    appUrl,
  };
}

/** The compiled file of a source path, relative to the repository root. */
export const dist = (file: string) => fileURLToPath(new URL(`../${file}`, import.meta.url));

/** Runs a compiled script to completion; its errors go to this process's stderr. */
export async function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${args.join(' ')} exited with ${String(code)}`);
}

/**
 * Drops the benchmark database and migrates a new one with the CLI, as
 * `npm run migration:run` does, and empties the run's Redis prefix: jobs
 * kept from an earlier run (completed ones for days, delayed timers) would
 * otherwise meet the same deterministic job ids again.
 */
export async function recreateDatabase(env: BenchEnv): Promise<void> {
  const redis = new Redis(env.production.REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    for await (const keys of redis.scanStream({
      match: `${env.production.REDIS_KEY_PREFIX ?? ''}:*`,
      count: 1000,
    }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${env.database} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await run([dist('apps/cli/src/main.js'), 'migrate'], env.production);
}

/** Starts a compiled script as a child process, stopped with stop(). */
export function startChild(
  script: string,
  env: NodeJS.ProcessEnv,
  options: { ipc?: boolean } = {},
): ChildProcess {
  return spawn(process.execPath, [dist(script)], {
    env,
    stdio: options.ipc ? ['ignore', 'ignore', 'inherit', 'ipc'] : ['ignore', 'ignore', 'inherit'],
  });
}

/** SIGTERM, then waits for the exit (the apps shut down gracefully on it). */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** Reads `--name value` flags; a flag given without a number is an error. */
export function numberFlag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

export const hasFlag = (name: string): boolean => process.argv.includes(`--${name}`);

/** Waits until `url` answers 200 (a process's /health/ready), up to a minute. */
export async function waitReady(url: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} never became ready`);
}

/** A process's peak resident set so far, in MB (VmHWM, Linux). */
export function peakRssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
}

/**
 * A GraphQL client for load: kept-alive connections (one per caller at
 * once) through node:http, whose cost per request is a fraction of
 * fetch's, so that the load generator, on the same cores as the system it
 * measures, takes as little of them as it can. Fails on any error.
 */
export function loadClient(port: number, connections: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  return {
    post<T>(query: string, variables: object, token: string): Promise<T> {
      const payload = JSON.stringify({ query, variables });
      return new Promise<T>((resolve, reject) => {
        const request = http.request(
          {
            agent,
            host: '127.0.0.1',
            port,
            path: '/graphql',
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(payload),
              authorization: `Bearer ${token}`,
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => {
              const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
                data?: T;
                errors?: unknown[];
              };
              if (!body.data || body.errors) {
                reject(new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`));
              } else {
                resolve(body.data);
              }
            });
            response.on('error', reject);
          },
        );
        request.on('error', reject);
        request.end(payload);
      });
    },
    close: () => {
      agent.destroy();
    },
  };
}

/** POSTs a GraphQL operation to the API on `port` as a client would; fails on any error. */
export async function graphqlAt<T>(
  port: number,
  query: string,
  variables: object,
  token?: string,
): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${String(port)}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (!body.data || body.errors) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}
