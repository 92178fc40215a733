import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { PointsBalance } from './points-balance.entity.js';
import { PointsLedgerEntry } from './points-ledger-entry.entity.js';
import { PointsLedgerRepository } from './points-ledger.repository.js';
import { GmetriPointsWebhookController } from './gmetri-points-webhook.controller.js';
import { GmetriPointsWebhookHandler } from './gmetri-points-webhook.handler.js';
import { UserPointsController } from './user-points.controller.js';
import { UserPointsService } from './user-points.service.js';
import { IntegrationEventsModule } from '../integration-events/integration-events.module.js';

/** Loyalty points from the Gmetri platform: the ledger, its webhook and the balance API. */
@Module({
  imports: [IntegrationEventsModule, TypeOrmModule.forFeature([PointsLedgerEntry, PointsBalance]), WebhooksModule, NotificationsModule],
  controllers: [GmetriPointsWebhookController, UserPointsController],
  providers: [PointsLedgerRepository, GmetriPointsWebhookHandler, UserPointsService],
})
export class GmetriPointsModule {}
