export * from './task.entity.js';
export * from './task-transition.entity.js';
