export * from './duty-log-input.js';
export * from './duty-log-queries.service.js';
export * from './duty-log-views.js';
export * from './duty-logs.errors.js';
export * from './duty-logs.module.js';
export * from './duty-logs.service.js';
export * from './working-calendar.service.js';
export * from './working-days.js';
