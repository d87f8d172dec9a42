import { Module } from '@nestjs/common';
import { TasksModule } from '#domain/tasks';
import {
  AssignmentTaskResolver,
  DemandProgressResolver,
  OfferTaskResolver,
  TaskTransitionsResolver,
} from './tasks-fields.resolver.js';
import { TasksLoaders } from './tasks.loaders.js';
import { TasksResolver } from './tasks.resolver.js';

/**
 * Tasks (订单), their histories, and the fields that point at tasks (a
 * demand's progress); Task.type, .courtyard and .demand live with the
 * features they point at. TaskModel is exported for dispatch's fields.
 */
@Module({
  imports: [TasksModule],
  providers: [
    TasksResolver,
    TaskTransitionsResolver,
    DemandProgressResolver,
    OfferTaskResolver,
    AssignmentTaskResolver,
    TasksLoaders,
  ],
})
export class TasksGraphqlModule {}
