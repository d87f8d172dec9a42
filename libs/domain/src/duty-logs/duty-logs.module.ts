import { Module } from '@nestjs/common';
import { NotificationsModule } from '#domain/notifications';
import { PhotosModule } from '#domain/photos';
import { PointsModule } from '#domain/points';
import { CheckInsService } from './check-ins.service.js';
import { DutyLogQueries } from './duty-log-queries.service.js';
import { DutyLogsService } from './duty-logs.service.js';
import { Leaderboards } from './leaderboards.js';
import { StarLevels } from './star-levels.js';
import { WorkingCalendar } from './working-calendar.service.js';

/** Duty logs for the API: submitting, deciding, correcting, reading; the working calendar. */
@Module({
  imports: [NotificationsModule, PointsModule, PhotosModule],
  providers: [
    DutyLogsService,
    DutyLogQueries,
    WorkingCalendar,
    StarLevels,
    Leaderboards,
    CheckInsService,
  ],
  exports: [
    DutyLogsService,
    DutyLogQueries,
    WorkingCalendar,
    StarLevels,
    Leaderboards,
    CheckInsService,
  ],
})
export class DutyLogsModule {}
