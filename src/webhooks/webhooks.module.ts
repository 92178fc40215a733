import { BullModule } from '@nestjs/bull';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { retrySchedule } from '../common/queue/retry-schedule.js';
import { stalledJobSettings } from '../common/queue/stalled-job-settings.js';
import { AppConfig } from '../config/app-config.js';
import { ProviderSettingsCheck } from './provider-settings.check.js';
import { WebhookDispatcher } from './webhook-dispatcher.service.js';
import { WebhookEvent } from './webhook-event.entity.js';
import { WebhookEventsProcessor } from './webhook-events.processor.js';
import { WebhookEventsQuery } from './webhook-events.query.js';
import { WebhookHandlerRegistry } from './webhook-handler.registry.js';
import { WebhookInboxService } from './webhook-inbox.service.js';
import { INBOX_BACKOFF, WEBHOOK_EVENTS_QUEUE } from './webhook-queue.js';
import { WebhookSweeper } from './webhook-sweeper.service.js';

/**
 * The webhook core: inbox, queue, dispatch, retries, sweeper. It knows no
 * domain; domain modules register their handlers with WebhookHandlerRegistry.
 */
@Global()
@Module({})
export class WebhooksModule {
  static forRoot(options: { runsWorkers: boolean }): DynamicModule {
    return {
      module: WebhooksModule,
      imports: [
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
        WebhookHandlerRegistry,
        WebhookInboxService,
        WebhookDispatcher,
        WebhookEventsQuery,
        ProviderSettingsCheck,
        ...(options.runsWorkers ? [WebhookEventsProcessor, WebhookSweeper] : []),
      ],
      exports: [WebhookHandlerRegistry, WebhookInboxService, WebhookEventsQuery, BullModule],
    };
  }
}
