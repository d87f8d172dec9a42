import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { APP_CONFIG, type AppConfig } from '#core';
import { QueueRegistry } from './queue-registry.js';

export interface Readiness {
  readonly ready: boolean;
  readonly checks: { readonly postgres: boolean; readonly broker: boolean };
  /** What runs beneath: a PostgreSQL server or the embedded one; the queues on Redis or PostgreSQL. */
  readonly runtime: AppConfig['runtime'];
}

/** A probe answers within this, whatever hangs: an orchestrator's probe times out too. */
const CHECK_TIMEOUT_MS = 1_000;

/**
 * Whether this process can do its work, through @nestjs/terminus: PostgreSQL
 * answers, the broker answers (Redis, or PostgreSQL when the queues live
 * there), and the queues are consumed (every BullMQ worker of this process
 * running; the API runs none). Used by the health endpoints
 * of both processes; terminus also reports "shutting down" once a stop began.
 */
@Injectable()
export class ReadinessProbe {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly queues: QueueRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Terminus's report: status and each check's details. */
  async report(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('postgres', { timeout: CHECK_TIMEOUT_MS }),
        () =>
          this.indicators
            .check('broker')
            .attempt(async () => {
              await this.queues.broker.ping();
              return { backend: this.queues.broker.backend };
            })
            .withTimeout(CHECK_TIMEOUT_MS),
        () =>
          this.indicators.check('queues').attempt(() => {
            const stopped = this.queues.stoppedConsumers();
            if (stopped.length > 0) throw new Error(`not consuming ${stopped.join(', ')}`);
            return { consumed: this.queues.consumedQueues() };
          }),
      ]);
    } catch (error) {
      // Terminus throws its report when a check is down; it is an answer here.
      if (error instanceof ServiceUnavailableException) {
        return error.getResponse() as HealthCheckResult;
      }
      throw error;
    }
  }

  /** The readiness answer: ready when every check is up; PostgreSQL and the broker by name. */
  async check(): Promise<Readiness> {
    const report = await this.report();
    const up = (key: string) => report.details[key]?.status === 'up';
    return {
      ready: report.status === 'ok',
      checks: { postgres: up('postgres'), broker: up('broker') },
      runtime: this.config.runtime,
    };
  }
}
