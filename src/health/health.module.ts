import { Module, type OnModuleInit } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MetricsService } from '../metrics/metrics.service.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { HealthChecksService } from './health-checks.service.js';
import { HealthController } from './health.controller.js';
import { RedisHealthIndicator } from './redis.health.js';
import { WorkerProbeServer } from './worker-probe.server.js';

@Module({
  imports: [TerminusModule, WebhooksModule],
  controllers: [HealthController],
  providers: [RedisHealthIndicator, HealthChecksService, WorkerProbeServer],
})
export class HealthModule implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly checks: HealthChecksService,
  ) {}

  /** The health_ready gauge answers what /health/ready would. */
  onModuleInit(): void {
    this.metrics.readReadinessFrom(() =>
      this.checks.ready().then(
        () => true,
        () => false,
      ),
    );
  }
}
