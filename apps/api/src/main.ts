import 'reflect-metadata';
import { ConfigError, createLogger, linkToParent, loadConfig } from '#core';
import { createApiApp } from './bootstrap.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ ...config.log, service: 'api' });
  const app = await createApiApp({ config, logger });
  await app.listen(config.api.port, config.api.host);
  logger.info({ url: `http://${config.api.host}:${config.api.port}/graphql` }, 'api listening');
  linkToParent(app, logger);
}

main().catch((error: unknown) => {
  // Config errors name the variables, never their values.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
