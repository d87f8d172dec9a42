import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#database';
import { QueueRegistry } from './queue-registry.js';

export interface Readiness {
  readonly ready: boolean;
  readonly checks: { readonly postgres: boolean; readonly redis: boolean };
}

/**
 * Whether this process can do its work: both the API and the worker need
 * PostgreSQL and Redis. Used by /health/ready in each process.
 */
@Injectable()
export class ReadinessProbe {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queues: QueueRegistry,
  ) {}

  async check(): Promise<Readiness> {
    const [postgres, redis] = await Promise.all([
      this.uow.manager.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      this.queues.connection.ping().then(
        () => true,
        () => false,
      ),
    ]);
    return { ready: postgres && redis, checks: { postgres, redis } };
  }
}
