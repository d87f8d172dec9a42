import { Module } from '@nestjs/common';
import { DispatchModule } from '#domain/dispatch';
import { LiveModule } from '#domain/live';
import { NotificationsModule } from '#domain/notifications';
import { TasksModule } from '#domain/tasks';
import { PostPlanHandler, ShiftRefillHandler, ShiftsPlanHandler } from './posts.handlers.js';
import { ShiftPlanner } from './shift-planner.js';
import { ShiftRefiller } from './shift-refiller.js';

/** Posts for the worker: planning shifts (on a change and nightly), refilling released places. */
@Module({
  imports: [DispatchModule, LiveModule, NotificationsModule, TasksModule],
  providers: [ShiftPlanner, ShiftRefiller, PostPlanHandler, ShiftsPlanHandler, ShiftRefillHandler],
  exports: [ShiftPlanner, ShiftRefiller],
})
export class PostsJobsModule {}
