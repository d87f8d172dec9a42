import { Module } from '@nestjs/common';
import { CommunityOverviewService } from './community-overview.service.js';

@Module({ providers: [CommunityOverviewService], exports: [CommunityOverviewService] })
export class OverviewModule {}
