export * from './object-store.js';
export * from './local-object-store.js';
export * from './s3-object-store.js';
export * from './link-signer.js';
export * from './storage.module.js';
export * from './sealed-stream.js';
