import { Controller, Get, Res } from '@nestjs/common';
import type { HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { ReadinessProbe, type Readiness } from '#queue';
import { Public } from '../graphql/policy/policy.decorator.js';

/**
 * Liveness (the process answers), readiness (PostgreSQL and the broker
 * answer, the queues are consumed, and what runs beneath) and terminus's
 * full report at /health.
 */
@Controller('health')
export class HealthController {
  constructor(private readonly probe: ReadinessProbe) {}

  @Get()
  @Public()
  async report(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    const report = await this.probe.report();
    void reply.status(report.status === 'ok' ? 200 : 503);
    return report;
  }

  @Get('live')
  @Public()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    const readiness = await this.probe.check();
    void reply.status(readiness.ready ? 200 : 503);
    return readiness;
  }
}
