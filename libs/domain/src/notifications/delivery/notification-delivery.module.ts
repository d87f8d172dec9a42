import { Module } from '@nestjs/common';
import { APP_CONFIG, LOGGER, type AppConfig, type Logger } from '#core';
import { MembersModule } from '#domain/members';
import { LogNotificationChannel } from './log-notification-channel.js';
import { NotificationChannel } from './notification-channel.js';
import {
  NotificationBatchSendHandler,
  NotificationSendHandler,
} from './notification-send.handler.js';
import { NotificationSender } from './notification-sender.js';
import { NotificationTexts } from './notification-texts.js';
import { WebhookNotificationChannel } from './webhook-notification-channel.js';

/**
 * Sending notifications: the job handlers (one message, a batch), the texts and the channel that
 * NOTIFICATION_CHANNEL names. Loaded by the worker only, so the API never
 * holds a channel (nor the webhook's secret).
 */
@Module({
  imports: [MembersModule],
  providers: [
    NotificationSender,
    NotificationSendHandler,
    NotificationBatchSendHandler,
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
  exports: [NotificationChannel, NotificationTexts, NotificationSender],
})
export class NotificationDeliveryModule {}
