export * from './demand.entity.js';
export * from './demand-queries.service.js';
export * from './demand-scope.js';
export * from './demand-view.js';
export * from './demands.errors.js';
export * from './demands.module.js';
export * from './demands.service.js';
