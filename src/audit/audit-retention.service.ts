import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../config/app-config.js';
import { ExternalApiLogsRepository } from './external-api-logs.repository.js';

/** Deleted per statement, so a large backlog never holds one long lock. */
const PURGE_BATCH_SIZE = 10_000;

/**
 * Purges audit rows older than AUDIT_RETENTION_DAYS every AUDIT_PURGE_INTERVAL_MS.
 * Runs where APP_ROLE runs workers; several replicas purging at once only
 * repeat each other's work.
 */
@Injectable()
export class AuditRetentionService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuditRetentionService.name);
  private running = false;

  constructor(
    private readonly logs: ExternalApiLogsRepository,
    private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const timer = setInterval(() => void this.purge(), this.config.audit.purgeIntervalMs);
    this.scheduler.addInterval(AuditRetentionService.name, timer);
  }

  /** Returns how many rows were deleted. */
  async purge(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      return await this.deleteExpired();
    } catch (error) {
      this.logger.warn(`audit purge failed: ${(error as Error).message}`);
      return 0;
    } finally {
      this.running = false;
    }
  }

  private async deleteExpired(): Promise<number> {
    let deleted = 0;
    for (;;) {
      const count = await this.logs.deleteExpired(this.config.audit.retentionDays, PURGE_BATCH_SIZE);
      deleted += count;
      if (count < PURGE_BATCH_SIZE) break;
    }
    if (deleted > 0) this.logger.log(`purged ${deleted} audit row(s) older than ${this.config.audit.retentionDays} days`);
    return deleted;
  }
}
