export * from './runtime.js';
export { answers, freePort } from './probe.js';
