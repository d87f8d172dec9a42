import { Module } from '@nestjs/common';
import { OverviewModule } from '#domain/overview';
import { CommunityOverviewResolver } from './community-overview.resolver.js';

/** The committee's one-screen view of its community. */
@Module({
  imports: [OverviewModule],
  providers: [CommunityOverviewResolver],
})
export class OverviewGraphqlModule {}
