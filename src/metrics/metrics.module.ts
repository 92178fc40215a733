import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { QueueDepthReader } from './queue-depth.reader.js';

/**
 * Prometheus metrics at GET /metrics; MetricsService is injectable everywhere
 * to count what happens. The dead-letter gauge reads the inbox (WebhooksModule).
 */
@Global()
@Module({
  imports: [DiscoveryModule, WebhooksModule],
  controllers: [MetricsController],
  providers: [MetricsService, QueueDepthReader],
  exports: [MetricsService, QueueDepthReader],
})
export class MetricsModule {}
