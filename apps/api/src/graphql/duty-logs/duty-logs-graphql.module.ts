import { Module } from '@nestjs/common';
import { DutyLogsModule } from '#domain/duty-logs';
import { DutyLogsResolver } from './duty-logs.resolver.js';
import { LeaderboardsResolver } from './leaderboards.resolver.js';

/** Duty logs over GraphQL: submitting, deciding, correcting, reading; the working calendar; leaderboards and star levels. */
@Module({
  imports: [DutyLogsModule],
  providers: [DutyLogsResolver, LeaderboardsResolver],
})
export class DutyLogsGraphqlModule {}
