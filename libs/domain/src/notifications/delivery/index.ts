export * from './notification-channel.js';
export * from './notification-delivery.module.js';
export * from './notification-texts.js';
