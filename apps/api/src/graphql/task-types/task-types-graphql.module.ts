import { Module } from '@nestjs/common';
import { TaskTypesModule } from '#domain/task-types';
import { TaskTypeOfTaskResolver } from './task-types-fields.resolver.js';
import { TaskTypesLoaders } from './task-types.loaders.js';
import { TaskTypesResolver } from './task-types.resolver.js';

/** The task-type catalogue and Task.type; TaskType.community lives with organisation. */
@Module({
  imports: [TaskTypesModule],
  providers: [TaskTypesResolver, TaskTypeOfTaskResolver, TaskTypesLoaders],
})
export class TaskTypesGraphqlModule {}
