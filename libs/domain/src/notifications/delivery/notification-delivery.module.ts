import { Module } from '@nestjs/common';
import { APP_CONFIG, LOGGER, type AppConfig, type Logger } from '#core';
import { MembersModule } from '#domain/members';
import { LogNotificationChannel } from './log-notification-channel.js';
import { NotificationChannel } from './notification-channel.js';
import { NotificationSendHandler } from './notification-send.handler.js';
import { NotificationTexts } from './notification-texts.js';
import { WebhookNotificationChannel } from './webhook-notification-channel.js';

/**
 * Sending notifications: the job handler, the texts and the channel that
 * NOTIFICATION_CHANNEL names. Loaded by the worker only, so the API never
 * holds a channel (nor the webhook's secret).
 */
@Module({
  imports: [MembersModule],
  providers: [
    NotificationSendHandler,
    NotificationTexts,
    {
      provide: NotificationChannel,
      useFactory: (config: AppConfig, logger: Logger): NotificationChannel =>
        config.notifications.webhook
          ? new WebhookNotificationChannel(config.notifications.webhook)
          : new LogNotificationChannel(logger),
      inject: [APP_CONFIG, LOGGER],
    },
  ],
  exports: [NotificationChannel, NotificationTexts],
})
export class NotificationDeliveryModule {}
