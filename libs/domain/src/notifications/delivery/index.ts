export * from './notification-channel.js';
export * from './notification-delivery.module.js';
export * from './notification-send.handler.js';
export * from './notification-sender.js';
export * from './notification-texts.js';
export * from './webhook-notification-channel.js';
