import { Module } from '@nestjs/common';
import { OrganisationModule } from '#domain/organisation';
import { CallUpQueries } from './call-up-queries.service.js';
import { CallUpsService } from './call-ups.service.js';

/** Call-ups for the API: making and closing them, answering, the roll-call. */
@Module({
  imports: [OrganisationModule],
  providers: [CallUpsService, CallUpQueries],
  exports: [CallUpsService, CallUpQueries],
})
export class CallUpsModule {}
