import { Injectable, Module } from '@nestjs/common';
import { HandlesJob, JOBS, type JobHandler } from '#queue';
import { DutyLogsModule } from './duty-logs.module.js';
import { Leaderboards } from './leaderboards.js';

/** Daily: the boards of the month (and year) just closed are frozen. */
@Injectable()
@HandlesJob(JOBS.leaderboardsFreeze)
export class LeaderboardsFreezeHandler implements JobHandler<typeof JOBS.leaderboardsFreeze> {
  constructor(private readonly leaderboards: Leaderboards) {}
  readonly handle = async () => {
    await this.leaderboards.freezeClosed();
  };
}

/** Duty logs for the worker: freezing closed leaderboards. */
@Module({
  imports: [DutyLogsModule],
  providers: [LeaderboardsFreezeHandler],
})
export class DutyLogsJobsModule {}
