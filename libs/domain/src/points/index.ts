export * from './points-ledger.js';
export * from './points-queries.service.js';
export * from './points.errors.js';
export * from './points.module.js';
export * from './rewards.service.js';
export * from './service-points.js';
