import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ReadinessProbe, type Readiness } from '#queue';
import { Public } from '../graphql/policy/policy.decorator.js';

/** Liveness (the process answers) and readiness (PostgreSQL and Redis answer). */
@Controller('health')
export class HealthController {
  constructor(private readonly probe: ReadinessProbe) {}

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
