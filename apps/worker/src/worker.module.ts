import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule, type AppConfig, type Clock, type Logger } from '#core';
import { DatabaseModule } from '#database';
import { AuditModule } from '#domain/audit';
import { CallUpsJobsModule } from '#domain/call-ups';
import { DispatchJobsModule } from '#domain/dispatch';
import { DutyLogsJobsModule } from '#domain/duty-logs';
import { PhotosJobsModule } from '#domain/photos';
import { CommitmentsJobsModule } from '#domain/commitments';
import { ReportsJobsModule } from '#domain/reports';
import { NotificationDeliveryModule } from '#domain/notifications/delivery';
import { PostsJobsModule } from '#domain/posts';
import { TaskJobsModule } from '#domain/tasks';
import { QueueModule, QueueWorkerModule } from '#queue';
import { WorkerHealthServer } from './worker-health.server.js';

/**
 * The worker process: relays the outbox to BullMQ and runs job handlers. It
 * has no GraphQL and no HTTP API, only health probes.
 */
@Module({})
export class WorkerModule {
  static forRoot(options: { config: AppConfig; logger: Logger; clock?: Clock }): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(options),
        DatabaseModule,
        QueueModule,
        QueueWorkerModule,
        AuditModule,
        NotificationDeliveryModule,
        TaskJobsModule,
        DispatchJobsModule,
        PostsJobsModule,
        CallUpsJobsModule,
        DutyLogsJobsModule,
        PhotosJobsModule,
        CommitmentsJobsModule,
        ReportsJobsModule,
      ],
      providers: [WorkerHealthServer],
    };
  }
}
