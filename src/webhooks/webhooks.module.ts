import { BullModule } from '@nestjs/bull';
import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { Clock } from '../common/time/clock.js';
import { retrySchedule } from '../common/queue/retry-schedule.js';
import { stalledJobSettings } from '../common/queue/stalled-job-settings.js';
import { AppConfig } from '../config/app-config.js';
import { DatabaseModule } from '../database/database.module.js';
import { WebhookEvent } from './inbox/webhook-event.entity.js';
import { WebhookEventsRepository } from './inbox/webhook-events.repository.js';
import { WebhookInboxService } from './inbox/webhook-inbox.service.js';
import { WebhookInboxWriter } from './inbox/webhook-inbox.writer.js';
import { WebhookDispatcherService } from './processing/webhook-dispatcher.service.js';
import { INBOX_BACKOFF, WEBHOOK_EVENTS_QUEUE } from './processing/webhook-queue.js';
import { WebhookRetentionRepository } from './retention/webhook-retention.repository.js';
import { InboundAuditMiddleware } from './request/inbound-audit.middleware.js';
import { RawBodyMiddleware } from './request/raw-body.middleware.js';
import { UnknownWebhookPathMiddleware } from './request/unknown-webhook-path.middleware.js';
import { UnsignedRequestMiddleware } from './request/unsigned-request.middleware.js';
import { WebhookRejectionsMiddleware } from './request/webhook-rejections.middleware.js';
import { WebhookRequestPipeline } from './request/webhook-request.pipeline.js';
import { ProviderSettingsCheck } from './verification/provider-settings.check.js';
import { WebhookHandlerExplorer } from './webhook-handler.explorer.js';
import { WebhookHandlerRegistry } from './webhook-handler.registry.js';
import { WEBHOOK_ROUTES } from './webhook-route.js';

/**
 * The webhook core: the webhook routes' middleware, inbox, queue, dispatch
 * and retries. It knows no domain: provider modules declare their endpoints
 * with @WebhookEndpoint and their handlers with @OnWebhook. The worker side
 * (processor, sweeper) is WebhooksWorkerModule.
 */
@Module({
  imports: [
    DiscoveryModule,
    AuditModule,
    DatabaseModule,
    TypeOrmModule.forFeature([WebhookEvent]),
    BullModule.registerQueueAsync({
      name: WEBHOOK_EVENTS_QUEUE,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        settings: { ...stalledJobSettings(config), backoffStrategies: { [INBOX_BACKOFF]: retrySchedule(config.webhooks.retryDelaysMs) } },
      }),
    }),
  ],
  providers: [
    Clock,
    WebhookHandlerRegistry,
    WebhookHandlerExplorer,
    WebhookInboxService,
    WebhookInboxWriter,
    WebhookEventsRepository,
    WebhookDispatcherService,
    ProviderSettingsCheck,
    WebhookRetentionRepository,
    UnknownWebhookPathMiddleware,
    InboundAuditMiddleware,
    WebhookRejectionsMiddleware,
    UnsignedRequestMiddleware,
    RawBodyMiddleware,
    WebhookRequestPipeline,
  ],
  // Clock: the endpoints' signature guard runs in each provider module.
  exports: [
    Clock,
    WebhookHandlerRegistry,
    WebhookInboxService,
    WebhookEventsRepository,
    WebhookDispatcherService,
    WebhookRetentionRepository,
    BullModule,
  ],
})
export class WebhooksModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(WebhookRequestPipeline).forRoutes(WEBHOOK_ROUTES);
  }
}
