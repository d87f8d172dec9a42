import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LiveModule } from '#domain/live';
import { NotificationDeadLetters } from './dead-letters.service.js';
import { Notification } from './notification.entity.js';
import { Notifier } from './notifier.js';

/**
 * Producing notifications, for every process: domain modules import it to
 * notify, the API to show and requeue dead letters. It needs nothing of other
 * features but live events (a member's app hears what they are told), so any
 * of them may import it;
 * sending (the job handler and the channels) is the worker's
 * NotificationDeliveryModule (`#domain/notifications/delivery`).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Notification]), LiveModule],
  providers: [Notifier, NotificationDeadLetters],
  exports: [Notifier, NotificationDeadLetters],
})
export class NotificationsModule {}
