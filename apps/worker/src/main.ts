import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, createLogger, linkToParent, loadConfig, NestPinoLogger } from '#core';
import { WorkerModule } from './worker.module.js';

/**
 * Starts the worker as its own process. On SIGTERM or SIGINT Nest runs the
 * shutdown hooks: BullMQ workers stop taking jobs and finish the ones in
 * flight, the relay finishes its batch, then connections close. Started by
 * `cli demo`, it does the same when the CLI goes away.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ ...config.log, service: 'worker' });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config, logger }), {
    logger: new NestPinoLogger(logger),
  });
  app.enableShutdownHooks();
  await app.init();
  logger.info('worker started');
  linkToParent(app, logger);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
