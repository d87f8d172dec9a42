export * from './community-overview.service.js';
export * from './overview.module.js';
