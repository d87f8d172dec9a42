import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { ConfigError, createLogger, loadConfig, type AppConfig, type Logger } from '#core';
import { migrateDatabase, revertLastMigration } from '#database';
import { prepareRuntime, type Runtime } from '#runtime';
import { DEMO_PASSWORD } from './demo-data.js';
import { develop } from './dev.js';
import { checkRollup, rebuildRollup } from './rollup.js';
import { seedDemo } from './seed.js';
import { runTogether } from './supervisor.js';

/**
 * Operational commands, one process each. Each first chooses what runs
 * beneath (see prepareRuntime): the configured servers, or the embedded
 * PostgreSQL, started here and stopped when the command ends (after the
 * apps it ran), and the queues on Redis or PostgreSQL.
 *   migrate         create the roles and the database if missing (given
 *                   DATABASE_ADMIN_URL), apply pending migrations as the
 *                   owner, grant the apps' role its privileges
 *   migrate:revert  revert the latest migration, as the owner
 *   seed            seed the demo community (development only; idempotent)
 *   demo            migrate, seed, then run API and worker until stopped
 *   dev             as demo, recompiling on every change and restarting
 *                   API and worker after each compile without errors
 *   start api|worker  run one app (npm run start:api, start:worker)
 *   rollup:rebuild  recompute the reports' duty-log rollup from the logs
 *   rollup:check    compare the rollup with the logs (exit 1 if they differ)
 */
async function migrate(config: AppConfig, logger: Logger): Promise<void> {
  const { created, applied, queueSchemaSkipped } = await migrateDatabase(config);
  if (created) logger.info('database created');
  if (queueSchemaSkipped) {
    logger.warn(
      { reason: queueSchemaSkipped },
      "BullMQ's PostgreSQL schema not brought up to date (the queues are on Redis)",
    );
  }
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

const script = (path: string) => fileURLToPath(new URL(path, import.meta.url));
/** The apps `demo` and `dev` run side by side. */
const APPS = { api: script('../../api/src/main.js'), worker: script('../../worker/src/main.js') };

function banner(config: AppConfig, runtime: Runtime): string {
  const url = `http://${config.api.host}:${config.api.port}`;
  const dashboard = config.api.queueDashboard
    ? `    Dashboard: ${url}/admin/queues   (operator)\n`
    : '';
  const beneath = runtime.reasons.map((reason) => `    ${reason}\n`).join('');
  return `
  Vanguard is running (${runtime.database === 'embedded' ? 'embedded PostgreSQL' : 'PostgreSQL server'}, queues on ${runtime.queues === 'redis' ? 'Redis' : 'PostgreSQL'}).
${beneath}    GraphQL:   ${url}/graphql   (GraphiQL: ${url}/graphiql)
    Health:    ${url}/health/ready
${dashboard}  Demo logins (password ${DEMO_PASSWORD}):
    operator     OPERATOR (district)
    q-admin      COMMUNITY_ADMIN of Q社区
    edu-hr       UNIT_HR of 市教育局
    hospital-hr  UNIT_HR of 市第一人民医院
    sunli        MEMBER (seconded, 市教育局) + GROUP_LEADER of 东湖小区党小组
    wangjianguo  MEMBER (resident, 东湖小区)
  Press Ctrl-C to stop both.
`;
}

/**
 * Runs API and worker side by side until Ctrl-C (or any stop signal, or one
 * of them dying) stops both. The banner is printed once both are ready, so
 * it comes after their start-up lines and a newcomer sees the logins last.
 */
async function demo(config: AppConfig, logger: Logger, runtime: Runtime): Promise<void> {
  await migrate(config, logger);
  await seed(config, logger);
  logger.info('starting the API and the worker');
  process.exitCode = await runTogether(APPS, logger, () => {
    console.log(banner(config, runtime));
  });
}

/** The demo, restarted on every change: see develop. */
async function dev(config: AppConfig, logger: Logger, runtime: Runtime): Promise<void> {
  await migrate(config, logger);
  await seed(config, logger);
  let restarts = 0;
  process.exitCode = await develop(APPS, logger, () => {
    if (restarts++ === 0) console.log(banner(config, runtime));
    else logger.info('API and worker restarted');
  });
}

/**
 * One app, as `npm run start:api` or `start:worker` runs it: beside the
 * embedded PostgreSQL it is a child of this process, which stops the server
 * once the app has stopped; otherwise it runs in this process.
 */
async function start(_config: AppConfig, logger: Logger, runtime: Runtime): Promise<void> {
  const app = process.argv[3] === 'worker' ? 'worker' : 'api';
  if (runtime.database === 'embedded') {
    process.exitCode = await runTogether({ [app]: APPS[app] }, logger, () => {
      logger.info(`${app} started`);
    });
  } else {
    await import(APPS[app]);
  }
}

type Command = (config: AppConfig, logger: Logger, runtime: Runtime) => Promise<void>;
const COMMANDS: Record<string, Command> = {
  migrate,
  'migrate:revert': (config) => revertLastMigration(config),
  seed,
  demo,
  dev,
  start,
  'rollup:rebuild': rebuildRollup,
  'rollup:check': checkRollup,
};

async function main(): Promise<void> {
  const name = process.argv[2] ?? '';
  const command = COMMANDS[name];
  if (!command || (name === 'start' && !['api', 'worker'].includes(process.argv[3] ?? ''))) {
    console.error(`usage: main.js ${Object.keys(COMMANDS).join('|')} (start api|worker)`);
    process.exit(2);
  }
  const runtime = await prepareRuntime();
  try {
    const config = loadConfig();
    const logger = createLogger({ ...config.log, service: 'cli' });
    for (const reason of runtime.reasons) logger.info(reason);
    await command(config, logger, runtime);
  } finally {
    // the embedded server, if this process started it, after the apps it ran
    await runtime.release();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
