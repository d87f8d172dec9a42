import { Module } from '@nestjs/common';
import { DutyLogsModule } from '#domain/duty-logs';
import { LiveModule } from '#domain/live';
import { StorageModule } from '#storage';
import { CommunityDashboards } from './community-dashboard.js';
import { DutyLogRollup } from './duty-log-rollup.js';
import { MemberReports } from './member-reports.js';
import { ParticipationReports } from './participation-reports.js';
import { ReportExports } from './report-exports.service.js';
import { VolunteerRecords } from './volunteer-records.js';

/** Unit and member reports, the community dashboard, their exports, and the duty-log rollup's rebuild and check. */
@Module({
  imports: [StorageModule, DutyLogsModule, LiveModule],
  providers: [
    ParticipationReports,
    MemberReports,
    VolunteerRecords,
    CommunityDashboards,
    DutyLogRollup,
    ReportExports,
  ],
  exports: [ParticipationReports, MemberReports, CommunityDashboards, DutyLogRollup, ReportExports],
})
export class ReportsModule {}
