import { Module } from '@nestjs/common';
import { MembersModule } from '#domain/members';
import { LogNotificationChannel } from './log-notification-channel.js';
import { NotificationChannel } from './notification-channel.js';
import { NotificationSendHandler } from './notification-send.handler.js';
import { NotificationTexts } from './notification-texts.js';

/**
 * Sending notifications: the job handler, the texts and the channel. Loaded
 * by the worker only, so the API never holds a channel (nor its secret).
 */
@Module({
  imports: [MembersModule],
  providers: [
    NotificationSendHandler,
    NotificationTexts,
    { provide: NotificationChannel, useClass: LogNotificationChannel },
  ],
})
export class NotificationDeliveryModule {}
