import { Global, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { QueueDepthReader } from './queue-depth.reader.js';
import { WebhookRejectionsMiddleware } from './webhook-rejections.middleware.js';

/** Prometheus metrics at GET /metrics; MetricsService is injectable everywhere to count what happens. */
@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [MetricsController],
  providers: [MetricsService, QueueDepthReader],
  exports: [MetricsService, QueueDepthReader],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(WebhookRejectionsMiddleware).forRoutes({ path: 'api/v2/webhook/*path', method: RequestMethod.POST });
  }
}
