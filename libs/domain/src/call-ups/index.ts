export * from './call-up-fan-out.js';
export * from './call-up-input.js';
export * from './call-up-queries.service.js';
export * from './call-up-views.js';
export * from './call-ups-jobs.module.js';
export * from './call-ups.errors.js';
export * from './call-ups.module.js';
export * from './call-ups.service.js';
