import { Module } from '@nestjs/common';
import { DutyLogsModule } from '#domain/duty-logs';
import { DutyLogsResolver } from './duty-logs.resolver.js';

/** Duty logs over GraphQL: submitting, deciding, correcting, reading; the working calendar. */
@Module({
  imports: [DutyLogsModule],
  providers: [DutyLogsResolver],
})
export class DutyLogsGraphqlModule {}
