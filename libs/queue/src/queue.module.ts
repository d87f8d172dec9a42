import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobWorkers } from './job-workers.js';
import { Outbox } from './outbox.js';
import { OutboxMessage } from './outbox-message.entity.js';
import { OutboxRelay } from './outbox-relay.js';
import { OutboxRelayLoop } from './outbox-relay.loop.js';
import { QueueRegistry } from './queue-registry.js';
import { ReadinessProbe } from './readiness-probe.js';

/** Producing side, for every process: the outbox and the queues it feeds. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage])],
  providers: [QueueRegistry, Outbox, OutboxRelay, ReadinessProbe],
  exports: [QueueRegistry, Outbox, OutboxRelay, ReadinessProbe],
})
export class QueueModule {}

/** Consuming side, for the worker process only: the relay loop and the job workers. */
@Module({
  imports: [DiscoveryModule],
  providers: [OutboxRelayLoop, JobWorkers],
})
export class QueueWorkerModule {}
