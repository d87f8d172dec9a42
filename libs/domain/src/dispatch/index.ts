export * from './assignment.entity.js';
export * from './task-offer.entity.js';
