import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganisationModule } from '#domain/organisation';
import { TaskType } from './task-type.entity.js';
import { TaskTypeQueries } from './task-type-queries.service.js';
import { TaskTypesService } from './task-types.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([TaskType]), OrganisationModule],
  providers: [TaskTypesService, TaskTypeQueries],
  exports: [TaskTypesService, TaskTypeQueries],
})
export class TaskTypesModule {}
