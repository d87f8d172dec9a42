import { Module } from '@nestjs/common';
import { DemandsModule } from '#domain/demands';
import { DemandMergedIntoResolver, TaskDemandResolver } from './demands-fields.resolver.js';
import { DemandsLoaders } from './demands.loaders.js';
import { DemandsResolver } from './demands.resolver.js';

/** Residents' demands (点单), and every field that points at one. */
@Module({
  imports: [DemandsModule],
  providers: [DemandsResolver, TaskDemandResolver, DemandMergedIntoResolver, DemandsLoaders],
})
export class DemandsGraphqlModule {}
