export * from './audit-entry.entity.js';
export * from './audit-log.js';
export * from './audit.module.js';
