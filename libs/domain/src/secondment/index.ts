export * from './re-report.js';
export * from './rotation-batch.entity.js';
export * from './rotation-batches.service.js';
export * from './secondment.entity.js';
export * from './secondment.errors.js';
export * from './secondment.module.js';
export * from './secondment.service.js';
