export * from './member-welcome.handler.js';
export * from './notification-delivery.entity.js';
export * from './notifications.module.js';
export * from './sms-gateway.js';
