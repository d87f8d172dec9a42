import { Module } from '@nestjs/common';
import { NotificationsModule } from '#domain/notifications';
import { PointsModule } from '#domain/points';
import { DutyLogQueries } from './duty-log-queries.service.js';
import { DutyLogsService } from './duty-logs.service.js';
import { Leaderboards } from './leaderboards.js';
import { StarLevels } from './star-levels.js';
import { WorkingCalendar } from './working-calendar.service.js';

/** Duty logs for the API: submitting, deciding, correcting, reading; the working calendar. */
@Module({
  imports: [NotificationsModule, PointsModule],
  providers: [DutyLogsService, DutyLogQueries, WorkingCalendar, StarLevels, Leaderboards],
  exports: [DutyLogsService, DutyLogQueries, WorkingCalendar, StarLevels, Leaderboards],
})
export class DutyLogsModule {}
