import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LiveModule } from '#domain/live';
import { OrganisationModule } from '#domain/organisation';
import { TaskTypesModule } from '#domain/task-types';
import { TaskQueries } from './task-queries.service.js';
import { TaskStartHandler } from './task-start.handler.js';
import { TaskTransitions } from './task-transitions.service.js';
import { TaskTransition } from './task-transition.entity.js';
import { Task } from './task.entity.js';
import { TasksService } from './tasks.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Task, TaskTransition]),
    LiveModule,
    OrganisationModule,
    TaskTypesModule,
  ],
  providers: [TasksService, TaskQueries, TaskTransitions],
  exports: [TasksService, TaskQueries, TaskTransitions],
})
export class TasksModule {}

/** The tasks' scheduled jobs; loaded by the worker only. */
@Module({
  imports: [TasksModule],
  providers: [TaskStartHandler],
})
export class TaskJobsModule {}
