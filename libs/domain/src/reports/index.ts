export * from './report-period.js';
export * from './reports.errors.js';
export * from './duty-log-rollup.js';
export * from './participation-reports.js';
export * from './reports.module.js';
