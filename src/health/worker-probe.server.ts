import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HttpException, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { carriesMetricsToken } from '../metrics/metrics-token.guard.js';
import { HealthChecksService } from './health-checks.service.js';

const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * A worker replica serves no API, but orchestrators still probe it and
 * Prometheus still scrapes what only workers count (processing, sends,
 * reconciliation). So on PORT it answers /health/live, /health/ready and
 * /metrics, and nothing else. API replicas serve these through Nest.
 */
@Injectable()
export class WorkerProbeServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerProbeServer.name);
  private server?: Server;

  constructor(
    private readonly config: AppConfig,
    private readonly checks: HealthChecksService,
    private readonly metrics: MetricsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.servesHttp) return;
    const server = createServer((request, response) => {
      void this.answer(request, response).catch((error: Error) => {
        this.logger.error(`probe ${request.url} failed: ${error.message}`);
        send(response, 500, 'application/json', { message: 'probe failed' });
      });
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(this.config.port, resolve));
    this.server = server;
    this.logger.log(`worker probes on port ${this.port}: /health/live, /health/ready, /metrics`);
  }

  /** The port actually bound (PORT=0 binds an ephemeral one). */
  get port(): number | undefined {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : undefined;
  }

  onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = request.url?.split('?')[0];
    if (request.method !== 'GET') return send(response, 405, 'application/json', { message: 'Only GET is served here.' });
    if (path === '/metrics') {
      if (!carriesMetricsToken(request.headers.authorization, this.config.http.metricsToken)) {
        return send(response, 401, 'application/json', { message: 'Missing or wrong bearer token (METRICS_TOKEN).' });
      }
      return send(response, 200, PROMETHEUS_TEXT, await this.metrics.scrape());
    }
    if (path === '/health/live') return this.check(response, () => this.checks.live());
    if (path === '/health/ready') return this.check(response, () => this.checks.ready());
    send(response, 404, 'application/json', { message: 'A worker serves only /health/live, /health/ready and /metrics.' });
  }

  private async check(response: ServerResponse, run: () => Promise<unknown>): Promise<void> {
    try {
      send(response, 200, 'application/json', await run());
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      send(response, error.getStatus(), 'application/json', error.getResponse());
    }
  }
}

function send(response: ServerResponse, status: number, contentType: string, body: unknown): void {
  response.writeHead(status, { 'content-type': contentType });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}
