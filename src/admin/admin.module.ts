import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { AdminStatsController } from './admin-stats.controller.js';
import { WebhookEventsAdminController } from './webhook-events-admin.controller.js';
import { WebhookEventsAdminService } from './webhook-events-admin.service.js';
import { WebhookStatsService } from './webhook-stats.service.js';

/** The operator API: inbox browsing, replay and monitoring figures, behind the API key. */
@Module({
  imports: [WebhooksModule],
  controllers: [WebhookEventsAdminController, AdminStatsController],
  providers: [WebhookEventsAdminService, WebhookStatsService],
})
export class AdminModule {}
