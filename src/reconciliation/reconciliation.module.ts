import { type DynamicModule, Module } from '@nestjs/common';
import { DigitalGoodsModule } from '../digital-goods/digital-goods.module.js';
import { PaymentReconciliationSource } from './payment-reconciliation.source.js';
import { ProviderApiClient } from './provider-api.client.js';
import { ReconciliationChecks } from './reconciliation-checks.js';
import { RECONCILIATION_SOURCES } from './reconciliation-source.js';
import { ReconciliationScheduler } from './reconciliation.scheduler.js';
import { ReconciliationService } from './reconciliation.service.js';
import { SupplierReconciliationSource } from './supplier-reconciliation.source.js';

/** The polling fallback for lost webhooks. Its schedule runs only where APP_ROLE runs workers. */
@Module({})
export class ReconciliationModule {
  static forRoot(options: { runsWorkers: boolean }): DynamicModule {
    return {
      module: ReconciliationModule,
      imports: [DigitalGoodsModule],
      providers: [
        ProviderApiClient,
        ReconciliationChecks,
        PaymentReconciliationSource,
        SupplierReconciliationSource,
        {
          provide: RECONCILIATION_SOURCES,
          inject: [PaymentReconciliationSource, SupplierReconciliationSource],
          useFactory: (...sources: unknown[]) => sources,
        },
        ReconciliationService,
        ...(options.runsWorkers ? [ReconciliationScheduler] : []),
      ],
      exports: [ReconciliationService],
    };
  }
}
