export * from './account.entity.js';
export * from './accounts.service.js';
export * from './actor-resolver.js';
export * from './auth.errors.js';
export * from './auth.module.js';
export * from './auth.service.js';
export * from './refresh-token.entity.js';
export * from './role-grant.entity.js';
