import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { ProviderApiClient } from './provider-api.client.js';
import { ReconciliationChecksRepository } from './reconciliation-checks.repository.js';
import { ReconciliationService } from './reconciliation.service.js';

/**
 * The polling fallback for lost webhooks: the runner, and what provider
 * modules need to write a @ReconciliationSourceProvider (the provider API
 * client, the checks). Its schedule is ReconciliationWorkerModule.
 */
@Module({
  imports: [DiscoveryModule, AuditModule, DatabaseModule, WebhooksModule],
  providers: [ProviderApiClient, ReconciliationChecksRepository, ReconciliationService],
  exports: [ProviderApiClient, ReconciliationChecksRepository, ReconciliationService],
})
export class ReconciliationModule {}
