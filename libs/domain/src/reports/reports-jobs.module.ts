import { Injectable, Module } from '@nestjs/common';
import { HandlesJob, JOBS, type JobHandler } from '#queue';
import { ReportExports } from './report-exports.service.js';
import { ReportsModule } from './reports.module.js';

/** Makes a report export's file (the `reports` queue). */
@Injectable()
@HandlesJob(JOBS.reportExport)
export class ReportExportHandler implements JobHandler<typeof JOBS.reportExport> {
  constructor(private readonly exports: ReportExports) {}
  readonly handle = async (payload: { exportId: string }) => {
    await this.exports.make(payload.exportId);
  };
}

/** Daily: exports past their retention are removed. */
@Injectable()
@HandlesJob(JOBS.reportExportsPrune)
export class ReportExportsPruneHandler implements JobHandler<typeof JOBS.reportExportsPrune> {
  constructor(private readonly exports: ReportExports) {}
  readonly handle = async () => {
    await this.exports.prune();
  };
}

/** Reports for the worker: exports and their pruning. */
@Module({
  imports: [ReportsModule],
  providers: [ReportExportHandler, ReportExportsPruneHandler],
})
export class ReportsJobsModule {}
