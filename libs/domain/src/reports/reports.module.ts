import { Module } from '@nestjs/common';
import { StorageModule } from '#storage';
import { DutyLogRollup } from './duty-log-rollup.js';
import { ParticipationReports } from './participation-reports.js';
import { ReportExports } from './report-exports.service.js';

/** Reports read from the duty-log rollup, their exports, and the rollup's rebuild and check. */
@Module({
  imports: [StorageModule],
  providers: [ParticipationReports, DutyLogRollup, ReportExports],
  exports: [ParticipationReports, DutyLogRollup, ReportExports],
})
export class ReportsModule {}
