export * from './app-role.check.js';
export * from './data-source-options.js';
export * from './database-admin.js';
export * from './database.module.js';
export * from './migrate.js';
export * from './snake-naming.strategy.js';
export * from './sql.js';
export * from './unit-of-work.js';
