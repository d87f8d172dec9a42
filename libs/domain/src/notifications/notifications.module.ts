import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Notification } from './notification.entity.js';
import { Notifier } from './notifier.js';

/**
 * Producing notifications, for every process: domain modules import it to
 * notify. It needs nothing of other features, so any of them may import it;
 * sending (the job handler and the channels) is the worker's
 * NotificationDeliveryModule (`#domain/notifications/delivery`).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Notification])],
  providers: [Notifier],
  exports: [Notifier],
})
export class NotificationsModule {}
