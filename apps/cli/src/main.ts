import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ConfigError, createLogger, loadConfig, type AppConfig, type Logger } from '#core';
import { ensureDatabase, revertLastMigration, runMigrations } from '#database';
import { DEMO_PASSWORD } from './demo-data.js';
import { seedDemo } from './seed.js';

/**
 * Operational commands, one process each:
 *   migrate         create the database if missing, apply pending migrations
 *   migrate:revert  revert the latest migration
 *   seed            seed the demo community (development only; idempotent)
 *   demo            migrate, seed, then run API and worker until Ctrl-C
 */
async function migrate(config: AppConfig, logger: Logger): Promise<void> {
  if (await ensureDatabase(config.database.url)) logger.info('database created');
  const applied = await runMigrations(config);
  logger.info({ applied }, applied.length ? 'migrations applied' : 'database up to date');
}

async function seed(config: AppConfig, logger: Logger): Promise<void> {
  const logins = await seedDemo(config, logger);
  if (!logins) {
    logger.info('demo data already present');
    return;
  }
  logger.info({ accounts: logins.length }, 'demo data seeded');
}

function start(script: string): ChildProcess {
  const path = fileURLToPath(new URL(script, import.meta.url));
  return spawn(process.execPath, [path], { stdio: 'inherit', env: process.env });
}

/** Runs API and worker side by side; Ctrl-C (or one of them dying) stops both. */
async function demo(config: AppConfig, logger: Logger): Promise<void> {
  await migrate(config, logger);
  await seed(config, logger);
  const children = [start('../../api/src/main.js'), start('../../worker/src/main.js')];
  const url = `http://${config.api.host}:${config.api.port}`;
  console.log(`
  Vanguard is starting.
    GraphQL:   ${url}/graphql   (GraphiQL: ${url}/graphiql)
    Health:    ${url}/health/ready
  Demo logins (password ${DEMO_PASSWORD}):
    operator     OPERATOR (district)
    q-admin      COMMUNITY_ADMIN of Q社区
    edu-hr       UNIT_HR of 市教育局
    hospital-hr  UNIT_HR of 市第一人民医院
    sunli        MEMBER (seconded, 市教育局) + GROUP_LEADER of 东湖小区党小组
    wangjianguo  MEMBER (resident, 东湖小区)
  Press Ctrl-C to stop both.
`);
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    process.exitCode = code;
  };
  process.on('SIGINT', () => {
    stop(0);
  });
  process.on('SIGTERM', () => {
    stop(0);
  });
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          child.on('exit', (code) => {
            if (!stopping) stop(code ?? 1);
            resolve();
          });
        }),
    ),
  );
}

const COMMANDS: Record<string, (config: AppConfig, logger: Logger) => Promise<void>> = {
  migrate,
  'migrate:revert': (config) => revertLastMigration(config),
  seed,
  demo,
};

async function main(): Promise<void> {
  const name = process.argv[2] ?? '';
  const command = COMMANDS[name];
  if (!command) {
    console.error(`usage: main.js ${Object.keys(COMMANDS).join('|')}`);
    process.exit(2);
  }
  const config = loadConfig();
  await command(config, createLogger({ ...config.log, service: 'cli' }));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
