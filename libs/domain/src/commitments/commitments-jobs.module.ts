import { Injectable, Module } from '@nestjs/common';
import { HandlesJob, JOBS, type JobHandler } from '#queue';
import { CommitmentsModule } from './commitments.module.js';
import { ComplianceReminders } from './compliance-reminders.js';

/** Weekly: members behind on a commitment or requirement, and their group leaders, are reminded. */
@Injectable()
@HandlesJob(JOBS.complianceRemind)
export class ComplianceRemindHandler implements JobHandler<typeof JOBS.complianceRemind> {
  constructor(private readonly reminders: ComplianceReminders) {}
  readonly handle = async () => {
    await this.reminders.remindBehind();
  };
}

/** Commitments for the worker: the weekly reminder. */
@Module({
  imports: [CommitmentsModule],
  providers: [ComplianceRemindHandler],
})
export class CommitmentsJobsModule {}
