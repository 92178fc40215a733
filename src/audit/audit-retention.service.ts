import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { inBatches, ScheduledPurge } from '../common/retention/scheduled-purge.js';
import { AppConfig } from '../config/app-config.js';
import { ExternalApiLogsRepository } from './external-api-logs.repository.js';

/** Deleted per statement, so a large backlog never holds one long lock. */
const PURGE_BATCH_SIZE = 10_000;

/**
 * Purges audit rows older than AUDIT_RETENTION_DAYS every AUDIT_PURGE_INTERVAL_MS.
 * Runs where APP_ROLE runs workers; several replicas purging at once only
 * repeat each other's work. purge() resolves to how many rows were deleted.
 */
@Injectable()
export class AuditRetentionService extends ScheduledPurge<number> {
  protected readonly logger = new Logger(AuditRetentionService.name);

  constructor(
    private readonly logs: ExternalApiLogsRepository,
    private readonly config: AppConfig,
    scheduler: SchedulerRegistry,
  ) {
    super(scheduler, config.audit.purgeIntervalMs, 0);
  }

  protected async run(): Promise<number> {
    const { retentionDays } = this.config.audit;
    const deleted = await inBatches(PURGE_BATCH_SIZE, (limit) => this.logs.deleteExpired(retentionDays, limit));
    if (deleted > 0) this.logger.log(`purged ${deleted} audit row(s) older than ${retentionDays} days`);
    return deleted;
  }
}
