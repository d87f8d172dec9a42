import { Module } from '@nestjs/common';
import { PointsModule } from '#domain/points';
import { DutyLogQueries } from './duty-log-queries.service.js';
import { DutyLogsService } from './duty-logs.service.js';
import { WorkingCalendar } from './working-calendar.service.js';

/** Duty logs for the API: submitting, deciding, correcting, reading; the working calendar. */
@Module({
  imports: [PointsModule],
  providers: [DutyLogsService, DutyLogQueries, WorkingCalendar],
  exports: [DutyLogsService, DutyLogQueries, WorkingCalendar],
})
export class DutyLogsModule {}
