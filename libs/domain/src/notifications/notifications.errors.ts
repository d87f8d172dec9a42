import { CommonErrors, DomainError } from '#core';

export const NotificationsErrors = {
  notificationNotFound: () => CommonErrors.notFound({ 'zh-CN': '通知', en: 'Notification' }),
  notDead: () =>
    new DomainError('NOTIFICATION_NOT_DEAD', 'CONFLICT', {
      'zh-CN': '只能重发投递失败的通知',
      en: 'Only a notification whose delivery failed can be sent again',
    }),
};
