import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, LOGGER, NestPinoLogger, type Logger } from '#core';
import { Broker, createBroker } from './broker/index.js';
import { CATALOGUE, JOB_CATALOGUE } from './catalogue.js';
import { JobWorkers } from './job-workers.js';
import { LiveBus } from './live-bus.js';
import { Outbox } from './outbox.js';
import { OutboxMessage } from './outbox-message.entity.js';
import { OutboxRelay } from './outbox-relay.js';
import { OutboxPruneHandler } from './outbox-prune.handler.js';
import { OutboxRelayLoop } from './outbox-relay.loop.js';
import { QueueRegistry } from './queue-registry.js';
import { ReadinessProbe } from './readiness-probe.js';

/** Producing side, for every process: the broker, the outbox and the queues it feeds, and live events. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([OutboxMessage]),
    // Terminus logs a failed check through the process's pino logger.
    TerminusModule.forRootAsync({
      useFactory: (logger: Logger) => ({ logger: new NestPinoLogger(logger) }),
      inject: [LOGGER],
    }),
  ],
  providers: [
    { provide: JOB_CATALOGUE, useValue: CATALOGUE },
    { provide: Broker, useFactory: createBroker, inject: [APP_CONFIG, LOGGER] },
    QueueRegistry,
    Outbox,
    OutboxRelay,
    ReadinessProbe,
    LiveBus,
  ],
  exports: [JOB_CATALOGUE, Broker, QueueRegistry, Outbox, OutboxRelay, ReadinessProbe, LiveBus],
})
export class QueueModule {}

/** Consuming side, for the worker process only: the relay loop, the job workers and the outbox's own cleanup. */
@Module({
  imports: [DiscoveryModule],
  providers: [OutboxRelayLoop, JobWorkers, OutboxPruneHandler],
})
export class QueueWorkerModule {}
