import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '#domain/audit';
import { NotificationsModule } from '#domain/notifications';
import { OrganisationModule } from '#domain/organisation';
import { TasksModule } from '#domain/tasks';
import { Assignment } from './assignment.entity.js';
import { DispatchQueries } from './dispatch-queries.service.js';
import { DispatchSteps } from './dispatch-steps.js';
import { DispatchService } from './dispatch.service.js';
import { Matcher } from './matcher.js';
import { OffersService } from './offers.service.js';
import { TaskOffer } from './task-offer.entity.js';

/** Dispatch for the API: the committee's actions, members' answers and claims, reads. */
@Module({
  imports: [
    TypeOrmModule.forFeature([TaskOffer, Assignment]),
    AuditModule,
    NotificationsModule,
    OrganisationModule,
    TasksModule,
  ],
  providers: [DispatchSteps, Matcher, DispatchService, OffersService, DispatchQueries],
  exports: [DispatchSteps, Matcher, DispatchService, OffersService, DispatchQueries],
})
export class DispatchModule {}
