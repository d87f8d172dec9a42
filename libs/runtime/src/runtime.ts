import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { EmbeddedPostgres } from './embedded-postgres.js';
import { isAlive } from './process-alive.js';
import { answers } from './probe.js';

/** Where the launcher looks for a server when no URL is set (overridable, for a test of the fallback). */
const DEFAULT_POSTGRES = '127.0.0.1:5432';
const DEFAULT_REDIS = '127.0.0.1:6379';
const LOCK_TIMEOUT_MS = 120_000;

/** What runs beneath this process, why, and how to let go of it. */
export interface Runtime {
  readonly database: 'server' | 'embedded';
  readonly queues: 'redis' | 'postgres';
  /** Why each was chosen, one line each, for the banner and the log. */
  readonly reasons: readonly string[];
  /** Stops the embedded server when this process is the last of ours using it; nothing otherwise. */
  release(): Promise<void>;
}

type Env = Record<string, string | undefined>;

/**
 * Chooses, before the configuration is read, between the servers the
 * configuration names and the embedded pair, and sets `env` so the
 * configuration (and the processes this one starts) use the choice:
 *
 * - the database: DATABASE_URL set, or a server answering on 127.0.0.1:5432,
 *   is a server; otherwise (or with DATABASE_MODE=embedded) a PostgreSQL
 *   from the @embedded-postgres package, its data under `.vanguard/` in the
 *   project, started here or found running;
 * - the queues: REDIS_URL set, or a Redis answering on 127.0.0.1:6379, is
 *   Redis; otherwise (or with QUEUE_BACKEND=postgres) BullMQ's PostgreSQL
 *   backend in the app's database. Chosen without being told, the choice is
 *   recorded under `.vanguard/`, with the kind of database it was made
 *   beside, and every later process beside the same kind keeps to it, so an
 *   API and a worker never put and take jobs in different stores.
 *
 * In production nothing is chosen for the operator: the configuration
 * stands, and a server that does not answer fails the start.
 */
export async function prepareRuntime(env: Env = process.env): Promise<Runtime> {
  const reasons: string[] = [];
  let release = () => Promise.resolve();
  const production = env.NODE_ENV === 'production';
  let database: Runtime['database'] = env.DATABASE_MODE === 'embedded' ? 'embedded' : 'server';
  if (env.DATABASE_URL) {
    reasons.push(
      database === 'embedded'
        ? 'Database: the embedded PostgreSQL the launcher started'
        : 'Database: the PostgreSQL server DATABASE_URL names',
    );
  } else if (!production && env.DATABASE_MODE !== 'server') {
    const probe = env.PROBE_POSTGRES_ADDRESS ?? DEFAULT_POSTGRES;
    if (env.DATABASE_MODE === 'embedded' || !(await answersAt(probe))) {
      database = 'embedded';
      const server = await startEmbedded(home(env), env);
      release = server.release;
      reasons.push(
        `Database: embedded PostgreSQL on 127.0.0.1:${String(server.port)}` +
          `${server.found ? ' (found running)' : ''}, data in ${home(env)} ` +
          (env.DATABASE_MODE === 'embedded'
            ? '(DATABASE_MODE=embedded)'
            : `(nothing answered on ${probe} and DATABASE_URL is not set)`),
      );
    } else {
      reasons.push(`Database: the PostgreSQL server on ${probe}`);
    }
  }
  let queues: Runtime['queues'] = env.QUEUE_BACKEND === 'postgres' ? 'postgres' : 'redis';
  // the record holds the database it was made with: a store chosen beside the
  // embedded database says nothing about one beside a server
  const recorded = join(home(env), 'queues');
  const [recordedFor, earlier] = readIfThere(recorded).trim().split(':');
  if (env.QUEUE_BACKEND || env.REDIS_URL || production) {
    reasons.push(
      queues === 'postgres'
        ? 'Queues: PostgreSQL (QUEUE_BACKEND=postgres)'
        : `Queues: Redis (${env.REDIS_URL ? 'REDIS_URL' : 'QUEUE_BACKEND=redis'}; the recommended setup)`,
    );
  } else if (recordedFor === database && (earlier === 'redis' || earlier === 'postgres')) {
    // every process of the project keeps to the first choice: jobs waiting
    // in one store are never run by workers of the other
    queues = earlier;
    reasons.push(
      `Queues: ${queues === 'redis' ? 'Redis' : 'PostgreSQL'}, as first chosen here ` +
        `(${recorded}; set QUEUE_BACKEND to choose again)`,
    );
  } else {
    const probe = env.PROBE_REDIS_ADDRESS ?? DEFAULT_REDIS;
    if (await answersAt(probe)) {
      reasons.push(`Queues: Redis on ${probe} (the recommended setup)`);
    } else {
      queues = 'postgres';
      reasons.push(
        `Queues: PostgreSQL, in the app's database (nothing answered on ${probe} and REDIS_URL is ` +
          'not set; Redis stays the recommended setup for production)',
      );
    }
    await mkdir(home(env), { recursive: true, mode: 0o700 });
    await writeFile(recorded, `${database}:${queues}`);
  }
  env.DATABASE_MODE = database;
  env.QUEUE_BACKEND = queues;
  return { database, queues, reasons, release };
}

/** Where the launcher keeps what it runs and chose: `.vanguard` in the project unless told. */
function home(env: Env): string {
  return resolve(env.EMBEDDED_POSTGRES_HOME ?? join(projectRoot(), '.vanguard'));
}

function answersAt(address: string): Promise<boolean> {
  const [host = '127.0.0.1', port = ''] = address.split(':');
  return answers(host, Number(port));
}

/**
 * Starts the embedded server (or finds it running) and points the
 * configuration's URLs at it, with the passwords made for its roles.
 * Processes of ours using one server each leave a mark under `users/`;
 * the last to let go stops it, after its own apps have stopped.
 */
async function startEmbedded(home: string, env: Env) {
  const server = new EmbeddedPostgres(home);
  const users = join(home, 'users');
  const running = await locked(home, async () => {
    const started = await server.ensureRunning();
    await mkdir(users, { recursive: true });
    await writeFile(join(users, String(process.pid)), '');
    return started;
  });
  const credentials = await server.credentials();
  const url = (user: string, password: string, database: string) =>
    `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${String(running.port)}/${database}`;
  env.DATABASE_ADMIN_URL = url(credentials.superuser, credentials.superuserPassword, 'postgres');
  env.DATABASE_OWNER_URL = url('vanguard_owner', credentials.ownerPassword, 'vanguard');
  env.DATABASE_URL = url('vanguard_app', credentials.appPassword, 'vanguard');
  const release = () =>
    locked(home, async () => {
      await rm(join(users, String(process.pid)), { force: true });
      for (const name of await readdir(users)) {
        if (isAlive(Number(name))) return;
        await rm(join(users, name), { force: true }); // a user killed without letting go
      }
      await server.stop();
    });
  return { port: running.port, found: running.how === 'found', release };
}

/**
 * Runs `work` holding the launcher's lock of `home`, so two processes
 * starting at once do not both start a server. The lock is a directory,
 * made atomically, moved into place already naming its holder (so nobody
 * ever sees it without one). A lock whose holder is gone is taken over by
 * renaming it aside first: of two processes that find it stale, only one
 * rename succeeds.
 */
async function locked<T>(home: string, work: () => Promise<T>): Promise<T> {
  const lock = join(home, 'launch.lock');
  await mkdir(home, { recursive: true, mode: 0o700 });
  const mine = join(home, `launch.lock.${String(process.pid)}`);
  await mkdir(mine, { recursive: true });
  await writeFile(join(mine, 'pid'), String(process.pid));
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  try {
    for (;;) {
      try {
        await rename(mine, lock);
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
      }
      const holder = Number(readIfThere(join(lock, 'pid')));
      if (!isAlive(holder)) {
        const aside = join(home, `launch.lock.stale.${String(process.pid)}`);
        await rename(lock, aside).then(
          () => rm(aside, { recursive: true, force: true }),
          () => undefined, // another process took it over first, or its holder let go
        );
      } else if (Date.now() > deadline) {
        throw new Error(`${lock} is held by process ${String(holder)}`);
      } else {
        await sleep(100);
      }
    }
  } catch (error) {
    await rm(mine, { recursive: true, force: true });
    throw error;
  }
  try {
    return await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

function readIfThere(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** The project's directory: the nearest above this file holding the project's package.json. */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'nest-cli.json'))) {
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}
