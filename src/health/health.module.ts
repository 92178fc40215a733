import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
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
export class HealthModule {}
