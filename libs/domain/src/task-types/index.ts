export * from './task-category.js';
export * from './task-type.entity.js';
export * from './task-type-queries.service.js';
export * from './task-types.errors.js';
export * from './task-types.module.js';
export * from './task-types.service.js';
