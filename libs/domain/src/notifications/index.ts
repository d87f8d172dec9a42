export * from './dead-letters.service.js';
export * from './notification.entity.js';
export * from './notification-template.js';
export * from './notifications.module.js';
export * from './notifier.js';
export * from './notifications.errors.js';
