export * from './periods.js';
export * from './commitments.errors.js';
export * from './commitments.service.js';
export * from './requirements.service.js';
export * from './compliance.js';
export * from './compliance-reminders.js';
export * from './commitments.module.js';
export * from './commitments-jobs.module.js';
