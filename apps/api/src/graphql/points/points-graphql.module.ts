import { Module } from '@nestjs/common';
import { PointsModule } from '#domain/points';
import { PointsResolver } from './points.resolver.js';

/** Points and rewards over GraphQL. */
@Module({
  imports: [PointsModule],
  providers: [PointsResolver],
})
export class PointsGraphqlModule {}
