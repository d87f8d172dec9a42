import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { DataSource } from 'typeorm';
import { loadConfig } from '#core';
import { ownerDataSourceOptions } from '#database';

/**
 * The DataSource the TypeORM CLI loads for `npm run migration:generate`,
 * connected as the owner that migrations run as. The
 * apps register entities per feature module; the CLI has no Nest container, so
 * it finds every compiled `*.entity.js` instead. Same options as everywhere
 * else, so generated migrations diff against exactly what the apps map.
 */
const entities = fileURLToPath(new URL('../../../libs/**/*.entity.js', import.meta.url));

export default new DataSource(ownerDataSourceOptions(loadConfig(), [entities]));
