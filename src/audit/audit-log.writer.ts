import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service.js';
import { type AuditRow, ExternalApiLogsRepository } from './external-api-logs.repository.js';

/** Rows per INSERT at most (11 parameters each, far below Postgres' 65535). */
const MAX_BATCH = 500;

/**
 * Which queue a row waits in. `rejected`: rows of requests refused before
 * their signature was verified, which anyone can cause at will; `kept`:
 * every other row (accepted and verified requests, calls made to the outside).
 */
export type AuditRowKind = 'rejected' | 'kept';

/**
 * Rows held per queue while Postgres is slow or down; beyond this new rows of
 * that queue are dropped. The queues are apart, so a flood of rejections fills
 * only its own, small one and never pushes out the rows of accepted events.
 */
export const MAX_PENDING: Record<AuditRowKind, number> = { kept: 20_000, rejected: 2_000 };

/** Drops are summed and logged once per window, not once per row (a flood would flood the log too). */
const DROP_LOG_WINDOW_MS = 60_000;

interface PendingRow {
  row: AuditRow;
  written: () => void;
}

/**
 * Writes audit rows off the request path. One INSERT is in flight at a time;
 * rows arriving meanwhile wait and go together in the next one, so a burst
 * costs a few multi-row INSERTs and one pooled connection, not one each.
 * `kept` rows always go first. A failed write is logged, never thrown:
 * auditing must not fail a request.
 */
@Injectable()
export class AuditLogWriter implements OnApplicationShutdown {
  private readonly logger = new Logger(AuditLogWriter.name);
  private readonly pending: Record<AuditRowKind, PendingRow[]> = { kept: [], rejected: [] };
  private draining: Promise<void> | null = null;
  private dropped: Record<AuditRowKind, number> = { kept: 0, rejected: 0 };
  private dropReport: NodeJS.Timeout | null = null;

  constructor(
    private readonly logs: ExternalApiLogsRepository,
    private readonly metrics: MetricsService,
  ) {}

  /** Resolves once the row is stored, or once storing or keeping it has failed and been counted. */
  write(row: AuditRow, kind: AuditRowKind = 'kept'): Promise<void> {
    if (this.pending[kind].length >= MAX_PENDING[kind]) {
      this.drop(kind);
      return Promise.resolve();
    }
    return new Promise<void>((written) => {
      this.pending[kind].push({ row, written });
      this.draining ??= this.drain();
    });
  }

  /**
   * Runs after the HTTP server has closed (Nest closes it between the
   * before-shutdown and shutdown hooks), so the rows of requests that were
   * still finishing are in, and before the database pool closes (its module
   * is global, and global modules shut down last).
   */
  async onApplicationShutdown(): Promise<void> {
    await this.draining;
    if (this.dropReport) clearTimeout(this.dropReport);
    this.reportDrops();
  }

  private async drain(): Promise<void> {
    for (;;) {
      const queue = this.pending.kept.length > 0 ? this.pending.kept : this.pending.rejected;
      if (queue.length === 0) break;
      const batch = queue.splice(0, MAX_BATCH);
      await this.insert(batch.map((entry) => entry.row));
      for (const entry of batch) entry.written();
    }
    this.draining = null;
  }

  private async insert(rows: AuditRow[]): Promise<void> {
    try {
      await this.logs.insertMany(rows);
    } catch (error) {
      this.logger.error(`${rows.length} audit row(s) not stored: ${(error as Error).message}`);
    }
  }

  private drop(kind: AuditRowKind): void {
    this.metrics.auditRowsDropped(kind);
    this.dropped[kind] += 1;
    this.dropReport ??= setTimeout(() => this.reportDrops(), DROP_LOG_WINDOW_MS).unref();
  }

  private reportDrops(): void {
    this.dropReport = null;
    const { kept, rejected } = this.dropped;
    if (kept + rejected === 0) return;
    this.dropped = { kept: 0, rejected: 0 };
    this.logger.warn(
      `audit rows dropped in the last ${DROP_LOG_WINDOW_MS / 1000} s, their queue full (Postgres slow or down): ` +
        `${rejected} of refused requests (queue of ${MAX_PENDING.rejected}), ${kept} others (queue of ${MAX_PENDING.kept})`,
    );
  }
}
