import { createServer, type Server } from 'node:http';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, LOGGER, type AppConfig, type Logger } from '#core';
import { ReadinessProbe } from '#queue';

/**
 * The worker has no HTTP API, only its probes for the orchestrator, on
 * WORKER_HEALTH_HOST:WORKER_HEALTH_PORT: /health/live, /health/ready
 * (PostgreSQL and the broker reachable, every queue of this worker consumed) and
 * /health, terminus's full report.
 */
@Injectable()
export class WorkerHealthServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | undefined;

  constructor(
    private readonly probe: ReadinessProbe,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((request, response) => {
      const respond = (status: number, body: unknown) => {
        response
          .writeHead(status, { 'content-type': 'application/json' })
          .end(JSON.stringify(body));
      };
      if (request.url === '/health/live') {
        respond(200, { status: 'ok' });
      } else if (request.url === '/health') {
        this.probe.report().then(
          (report) => {
            respond(report.status === 'ok' ? 200 : 503, report);
          },
          () => {
            respond(503, { status: 'error' });
          },
        );
      } else if (request.url === '/health/ready') {
        this.probe.check().then(
          (readiness) => {
            respond(readiness.ready ? 200 : 503, readiness);
          },
          () => {
            respond(503, { ready: false });
          },
        );
      } else {
        respond(404, { status: 'not found' });
      }
    });
    await new Promise<void>((resolve) =>
      server.listen(this.config.worker.healthPort, this.config.worker.healthHost, resolve),
    );
    this.server = server;
    this.logger.info({ port: this.port }, 'worker health listening');
  }

  get port(): number | undefined {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  }
}
