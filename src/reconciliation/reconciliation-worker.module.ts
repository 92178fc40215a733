import { Module } from '@nestjs/common';
import { ReconciliationModule } from './reconciliation.module.js';
import { ReconciliationScheduler } from './reconciliation.scheduler.js';

/** Where APP_ROLE runs workers: reconciliation every RECONCILIATION_CRON. */
@Module({
  imports: [ReconciliationModule],
  providers: [ReconciliationScheduler],
})
export class ReconciliationWorkerModule {}
