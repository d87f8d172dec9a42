import { Module } from '@nestjs/common';
import { LiveModule } from '#domain/live';
import { NotificationsModule } from '#domain/notifications';
import { CallUpFanOut } from './call-up-fan-out.js';
import { CallUpFanOutHandler, CallUpRemindHandler } from './call-ups.handlers.js';

/** Call-ups for the worker: the fan-out of each and its reminders. */
@Module({
  imports: [LiveModule, NotificationsModule],
  providers: [CallUpFanOut, CallUpFanOutHandler, CallUpRemindHandler],
})
export class CallUpsJobsModule {}
