export * from './notification.entity.js';
export * from './notification-template.js';
export * from './notifications.module.js';
export * from './notifier.js';
