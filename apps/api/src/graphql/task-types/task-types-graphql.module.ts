import { Module } from '@nestjs/common';
import { TaskTypesModule } from '#domain/task-types';
import { TaskTypesResolver } from './task-types.resolver.js';

/** The task-type catalogue; TaskType.community lives with organisation. */
@Module({
  imports: [TaskTypesModule],
  providers: [TaskTypesResolver],
})
export class TaskTypesGraphqlModule {}
