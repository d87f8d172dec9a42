import { Module } from '@nestjs/common';
import { AuthModule } from '#auth';
import { CallUpsModule } from '#domain/call-ups';
import { LiveConnections } from './live-connections.js';
import { LiveResolver } from './live.resolver.js';

/** The live board and feeds: subscriptions over WebSocket, fed by the LiveBus. */
@Module({
  imports: [AuthModule, CallUpsModule],
  providers: [LiveConnections, LiveResolver],
  exports: [LiveConnections],
})
export class LiveGraphqlModule {}
