import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganisationModule } from '#domain/organisation';
import { TasksModule } from '#domain/tasks';
import { DemandQueries } from './demand-queries.service.js';
import { Demand } from './demand.entity.js';
import { DemandsService } from './demands.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Demand]), OrganisationModule, TasksModule],
  providers: [DemandsService, DemandQueries],
  exports: [DemandsService, DemandQueries],
})
export class DemandsModule {}
