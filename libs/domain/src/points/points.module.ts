import { Module } from '@nestjs/common';
import { OrganisationModule } from '#domain/organisation';
import { PointsLedger } from './points-ledger.js';
import { PointsQueries } from './points-queries.service.js';
import { RewardsService } from './rewards.service.js';
import { ServicePoints } from './service-points.js';

/** Points for verified service, their ledger and balances, the community's rewards. */
@Module({
  imports: [OrganisationModule],
  providers: [PointsLedger, ServicePoints, PointsQueries, RewardsService],
  exports: [ServicePoints, PointsQueries, RewardsService],
})
export class PointsModule {}
