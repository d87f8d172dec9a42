import { Module } from '@nestjs/common';
import { PostPlanHandler, ShiftsPlanHandler } from './posts.handlers.js';
import { ShiftPlanner } from './shift-planner.js';

/** Posts for the worker: planning shifts, on a change and nightly. */
@Module({
  providers: [ShiftPlanner, PostPlanHandler, ShiftsPlanHandler],
  exports: [ShiftPlanner],
})
export class PostsJobsModule {}
