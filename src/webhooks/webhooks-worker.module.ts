import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { WebhookEventsProcessor } from './processing/webhook-events.processor.js';
import { WebhookSweeperService } from './processing/webhook-sweeper.service.js';
import { WebhookRetentionService } from './retention/webhook-retention.service.js';
import { WebhooksModule } from './webhooks.module.js';

/** Where APP_ROLE runs workers: the inbox queue's processor, the sweeper that re-queues orphans, the retention purge. */
@Module({
  imports: [WebhooksModule, DatabaseModule],
  providers: [WebhookEventsProcessor, WebhookSweeperService, WebhookRetentionService],
})
export class WebhooksWorkerModule {}
