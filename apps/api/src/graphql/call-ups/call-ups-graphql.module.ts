import { Module } from '@nestjs/common';
import { CallUpsModule } from '#domain/call-ups';
import { CallUpsResolver } from './call-ups.resolver.js';

/** Emergency call-ups over GraphQL: calling up, the roll-call, members' answers. */
@Module({
  imports: [CallUpsModule],
  providers: [CallUpsResolver],
})
export class CallUpsGraphqlModule {}
