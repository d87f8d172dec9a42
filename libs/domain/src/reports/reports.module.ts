import { Module } from '@nestjs/common';
import { DutyLogsModule } from '#domain/duty-logs';
import { StorageModule } from '#storage';
import { DutyLogRollup } from './duty-log-rollup.js';
import { MemberReports } from './member-reports.js';
import { ParticipationReports } from './participation-reports.js';
import { ReportExports } from './report-exports.service.js';
import { VolunteerRecords } from './volunteer-records.js';

/** Unit and member reports, their exports, and the duty-log rollup's rebuild and check. */
@Module({
  imports: [StorageModule, DutyLogsModule],
  providers: [ParticipationReports, MemberReports, VolunteerRecords, DutyLogRollup, ReportExports],
  exports: [ParticipationReports, MemberReports, DutyLogRollup, ReportExports],
})
export class ReportsModule {}
