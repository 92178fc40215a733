import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { type AuditRow, ExternalApiLogsRepository } from './external-api-logs.repository.js';

/** Rows per INSERT at most (11 parameters each, far below Postgres' 65535). */
const MAX_BATCH = 500;
/** Rows held while Postgres is slow or down; beyond this they are dropped and counted in a warning. */
const MAX_PENDING = 20_000;

interface PendingRow {
  row: AuditRow;
  written: () => void;
}

/**
 * Writes audit rows off the request path. One INSERT is in flight at a time;
 * rows arriving meanwhile wait and go together in the next one, so a burst
 * costs a few multi-row INSERTs and one pooled connection, not one each.
 * A failed write is logged, never thrown: auditing must not fail a request.
 */
@Injectable()
export class AuditLogWriter implements BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditLogWriter.name);
  private pending: PendingRow[] = [];
  private draining: Promise<void> | null = null;

  constructor(private readonly logs: ExternalApiLogsRepository) {}

  /** Resolves once the row is stored, or once storing it has failed and been logged. */
  write(row: AuditRow): Promise<void> {
    if (this.pending.length >= MAX_PENDING) {
      this.logger.warn(`audit row dropped (${row.direction} ${row.provider} ${row.outcome}): ${MAX_PENDING} rows already waiting`);
      return Promise.resolve();
    }
    return new Promise<void>((written) => {
      this.pending.push({ row, written });
      this.draining ??= this.drain();
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.draining;
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
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
}
