import { Module } from '@nestjs/common';
import { DutyLogRollup } from './duty-log-rollup.js';
import { ParticipationReports } from './participation-reports.js';

/** Reports read from the duty-log rollup, and the rollup's rebuild and check. */
@Module({
  providers: [ParticipationReports, DutyLogRollup],
  exports: [ParticipationReports, DutyLogRollup],
})
export class ReportsModule {}
