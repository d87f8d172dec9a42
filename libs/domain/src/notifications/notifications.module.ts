import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MembersModule } from '#domain/members';
import { OrganisationModule } from '#domain/organisation';
import { LoggingSmsGateway } from './logging-sms-gateway.js';
import { MemberWelcomeHandler } from './member-welcome.handler.js';
import { NotificationDelivery } from './notification-delivery.entity.js';
import { SmsGateway } from './sms-gateway.js';

/** Notification job handlers; loaded by the worker only. */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationDelivery]), MembersModule, OrganisationModule],
  providers: [MemberWelcomeHandler, { provide: SmsGateway, useClass: LoggingSmsGateway }],
})
export class NotificationsModule {}
