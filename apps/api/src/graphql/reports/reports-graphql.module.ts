import { Module } from '@nestjs/common';
import { ReportsModule } from '#domain/reports';
import { ReportsResolver } from './reports.resolver.js';

/** Reports over GraphQL. */
@Module({
  imports: [ReportsModule],
  providers: [ReportsResolver],
})
export class ReportsGraphqlModule {}
