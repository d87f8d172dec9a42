import { Module } from '@nestjs/common';
import { ReportsModule } from '#domain/reports';
import { CommunityDashboardResolver } from './community-dashboard.resolver.js';
import { ReportsResolver } from './reports.resolver.js';

/** Reports and the community dashboard over GraphQL. */
@Module({
  imports: [ReportsModule],
  providers: [ReportsResolver, CommunityDashboardResolver],
})
export class ReportsGraphqlModule {}
