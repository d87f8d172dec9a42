import { Module } from '@nestjs/common';
import { LiveModule } from '#domain/live';
import { OrganisationModule } from '#domain/organisation';
import { CallUpQueries } from './call-up-queries.service.js';
import { CallUpsService } from './call-ups.service.js';
import { RollCallEvents } from './roll-call-events.js';

/** Call-ups for the API: making and closing them, answering, the roll-call. */
@Module({
  imports: [LiveModule, OrganisationModule],
  providers: [CallUpsService, CallUpQueries, RollCallEvents],
  exports: [CallUpsService, CallUpQueries],
})
export class CallUpsModule {}
