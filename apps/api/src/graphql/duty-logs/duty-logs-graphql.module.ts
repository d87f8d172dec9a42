import { Module } from '@nestjs/common';
import { DutyLogsModule } from '#domain/duty-logs';
import { PhotosGraphqlModule } from '../photos/photos-graphql.module.js';
import { DutyLogPhotosResolver } from './duty-log-photos.resolver.js';
import { DutyLogsResolver } from './duty-logs.resolver.js';
import { LeaderboardsResolver } from './leaderboards.resolver.js';

/** Duty logs over GraphQL: submitting, deciding, correcting, reading; their photos; the working calendar; leaderboards and star levels. */
@Module({
  imports: [DutyLogsModule, PhotosGraphqlModule],
  providers: [DutyLogsResolver, DutyLogPhotosResolver, LeaderboardsResolver],
})
export class DutyLogsGraphqlModule {}
