export * from './broker.js';
export * from './create-broker.js';
