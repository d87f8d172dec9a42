import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule, type AppConfig, type Clock, type Logger } from '#core';
import { DatabaseModule } from '#database';
import { AuditModule } from '#domain/audit';
import { QueueModule } from '#queue';
import { GraphqlApiModule } from './graphql/graphql-api.module.js';
import { HealthController } from './health/health.controller.js';

/** The API process: GraphQL over HTTP plus health endpoints. It produces jobs but runs none. */
@Module({})
export class ApiModule {
  static forRoot(options: { config: AppConfig; logger: Logger; clock?: Clock }): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        CoreModule.forRoot(options),
        DatabaseModule,
        QueueModule,
        AuditModule,
        GraphqlApiModule,
      ],
      controllers: [HealthController],
    };
  }
}
