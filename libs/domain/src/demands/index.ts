export * from './demand.entity.js';
