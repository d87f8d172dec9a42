export * from './assignment.entity.js';
export * from './match-score.js';
export * from './matcher.js';
export * from './task-offer.entity.js';
