import { Module } from '@nestjs/common';
import { NotificationsModule } from '#domain/notifications';
import { NotificationsResolver } from './notifications.resolver.js';

/** Operators' view of notifications that could not be delivered. */
@Module({
  imports: [NotificationsModule],
  providers: [NotificationsResolver],
})
export class NotificationsGraphqlModule {}
