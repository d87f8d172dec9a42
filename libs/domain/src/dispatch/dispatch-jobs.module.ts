import { Module } from '@nestjs/common';
import { LiveModule } from '#domain/live';
import { NotificationsModule } from '#domain/notifications';
import { TasksModule } from '#domain/tasks';
import {
  EscalationStepHandler,
  JointDispatchHandler,
  OfferExpiryHandler,
  ProfessionalDispatchHandler,
  RoutineDispatchHandler,
  WindowStartHandler,
} from './dispatch.handlers.js';
import { DispatchModule } from './dispatch.module.js';
import { Dispatcher } from './dispatcher.js';

/** Dispatch for the worker: the passes and timers behind the category queues. */
@Module({
  imports: [DispatchModule, LiveModule, NotificationsModule, TasksModule],
  providers: [
    Dispatcher,
    RoutineDispatchHandler,
    ProfessionalDispatchHandler,
    JointDispatchHandler,
    OfferExpiryHandler,
    EscalationStepHandler,
    WindowStartHandler,
  ],
})
export class DispatchJobsModule {}
