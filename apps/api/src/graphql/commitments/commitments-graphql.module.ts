import { Module } from '@nestjs/common';
import { CommitmentsModule } from '#domain/commitments';
import { CommitmentsResolver } from './commitments.resolver.js';

/** Commitments, requirements and compliance over GraphQL. */
@Module({
  imports: [CommitmentsModule],
  providers: [CommitmentsResolver],
})
export class CommitmentsGraphqlModule {}
