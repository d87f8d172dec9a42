export * from './log-capture.js';
export * from './test-api.js';
export * from './test-config.js';
export * from './test-database.js';
export * from './test-worker.js';
export * from './factories.js';
export * from './test-clock.js';
export * from './statement-counter.js';
