import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';

/** Deleted per statement, so a large backlog never holds one long lock. */
const PURGE_BATCH_SIZE = 10_000;

const DELETE_EXPIRED = `
  DELETE FROM external_api_logs WHERE id IN (
    SELECT id FROM external_api_logs WHERE created_at < now() - make_interval(days => $1) LIMIT $2
  )`;

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
    @InjectDataSource() private readonly dataSource: DataSource,
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
      const [, count] = (await this.dataSource.query(DELETE_EXPIRED, [this.config.audit.retentionDays, PURGE_BATCH_SIZE])) as [unknown, number];
      deleted += count;
      if (count < PURGE_BATCH_SIZE) break;
    }
    if (deleted > 0) this.logger.log(`purged ${deleted} audit row(s) older than ${this.config.audit.retentionDays} days`);
    return deleted;
  }
}
