import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PointsBalance } from './points-balance.entity.js';
import { PointsLedger } from './points-ledger.js';
import { PointsLedgerEntry } from './points-ledger-entry.entity.js';
import { PointsWebhookController } from './points-webhook.controller.js';
import { PointsWebhookHandlers } from './points-webhook.handlers.js';
import { UserPointsController } from './user-points.controller.js';
import { UserPointsService } from './user-points.service.js';

/** Loyalty points from the Gmetri platform: the ledger, its webhook and the balance API. */
@Module({
  imports: [TypeOrmModule.forFeature([PointsLedgerEntry, PointsBalance])],
  controllers: [PointsWebhookController, UserPointsController],
  providers: [PointsLedger, PointsWebhookHandlers, UserPointsService],
})
export class PointsModule {}
