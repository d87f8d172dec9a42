import { Module } from '@nestjs/common';
import { DispatchModule } from '#domain/dispatch';
import { TaskDispatchResolver } from './dispatch-fields.resolver.js';
import { DispatchLoaders } from './dispatch.loaders.js';
import { DispatchResolver } from './dispatch.resolver.js';

/**
 * Dispatch over GraphQL: the committee's publish, cancel, re-dispatch and
 * no-show, its unfilled list and Task.offers/assignments; a group leader's
 * escalations; a member's offers, bookings and open tasks. TaskOffer.task
 * and TaskAssignment.task live with tasks, .member with members.
 */
@Module({
  imports: [DispatchModule],
  providers: [DispatchResolver, TaskDispatchResolver, DispatchLoaders],
})
export class DispatchGraphqlModule {}
