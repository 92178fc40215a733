import { Module } from '@nestjs/common';
import { WebhookEventsProcessor } from './processing/webhook-events.processor.js';
import { WebhookSweeperService } from './processing/webhook-sweeper.service.js';
import { WebhooksModule } from './webhooks.module.js';

/** Where APP_ROLE runs workers: the inbox queue's processor and the sweeper that re-queues orphans. */
@Module({
  imports: [WebhooksModule],
  providers: [WebhookEventsProcessor, WebhookSweeperService],
})
export class WebhooksWorkerModule {}
