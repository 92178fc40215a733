import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
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
export class AuditRetentionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditRetentionService.name);
  private running: Promise<number> | null = null;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly logs: ExternalApiLogsRepository,
    private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purge(), this.config.audit.purgeIntervalMs);
    this.scheduler.addInterval(AuditRetentionService.name, this.timer);
  }

  /** Stops the schedule and waits for a purge under way, before the database pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Returns how many rows were deleted. */
  purge(): Promise<number> {
    if (this.running) return Promise.resolve(0);
    this.running = this.deleteExpired()
      .catch((error: unknown) => {
        this.logger.warn(`audit purge failed: ${(error as Error).message}`);
        return 0;
      })
      .finally(() => (this.running = null));
    return this.running;
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
