import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { whereGiven } from '../common/database/where-given.js';
import { type AuditDirection, type AuditOutcome, ExternalApiLog } from './external-api-log.entity.js';

export type AuditRow = Omit<ExternalApiLog, 'id'>;

const COLUMNS = [
  'direction',
  'provider',
  'event_type',
  'outcome',
  'http_status',
  'latency_ms',
  'request_id',
  'client_ip',
  'payload',
  'error',
  'created_at',
];

const DELETE_EXPIRED = `
  DELETE FROM external_api_logs WHERE id IN (
    SELECT id FROM external_api_logs WHERE created_at < now() - make_interval(days => $1) LIMIT $2
  )`;

/** Which audit rows an operator means; every field given narrows the selection. */
export interface AuditLogFilter {
  provider?: string;
  outcome?: AuditOutcome;
  direction?: AuditDirection;
  /** Recorded at or after (ISO 8601). */
  from?: string;
  /** Recorded before (ISO 8601). */
  to?: string;
}

/** A position in the newest-first order: rows after it are older, or as old with a lower id. */
export interface AuditLogPosition {
  createdAt: Date;
  id: string;
}

/**
 * The audit trail, external_api_logs: written in batches off the request
 * path, listed newest first by keyset, purged past its retention.
 */
@Injectable()
export class ExternalApiLogsRepository {
  constructor(@InjectRepository(ExternalApiLog) private readonly logs: Repository<ExternalApiLog>) {}

  /** One multi-row INSERT; the caller keeps the batch within Postgres' 65535 parameters. */
  async insertMany(rows: AuditRow[]): Promise<void> {
    await this.logs.query(insertStatement(rows.length), rows.flatMap(rowValues));
  }

  /** The rows the filter names, newest first, after the given position when there is one, at most limit. */
  newestFirst(filter: AuditLogFilter, after: AuditLogPosition | undefined, limit: number): Promise<ExternalApiLog[]> {
    const select = whereGiven(
      this.logs.createQueryBuilder('log'),
      [
        [filter.provider, 'log.provider = :provider'],
        [filter.outcome, 'log.outcome = :outcome'],
        [filter.direction, 'log.direction = :direction'],
        [filter.from, 'log.createdAt >= :from'],
        [filter.to, 'log.createdAt < :to'],
      ],
      filter,
    );
    if (after) select.andWhere('(log.createdAt, log.id) < (:cursorAt, :cursorId)', { cursorAt: after.createdAt, cursorId: after.id });
    return select.orderBy('log.createdAt', 'DESC').addOrderBy('log.id', 'DESC').limit(limit).getMany();
  }

  /** Deletes at most limit rows older than retentionDays; returns how many it deleted. */
  async deleteExpired(retentionDays: number, limit: number): Promise<number> {
    const [, count] = await this.logs.query<[unknown, number]>(DELETE_EXPIRED, [retentionDays, limit]);
    return count;
  }
}

function insertStatement(rowCount: number): string {
  const tuples = Array.from({ length: rowCount }, (_, row) => {
    const base = row * COLUMNS.length;
    return `(${COLUMNS.map((_, column) => `$${base + column + 1}`).join(', ')})`;
  });
  return `INSERT INTO external_api_logs (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`;
}

/** Cut to the column widths: one oversized value must not fail the whole batch. */
function rowValues(row: AuditRow): unknown[] {
  return [
    row.direction,
    row.provider.slice(0, 64),
    row.eventType?.slice(0, 100) ?? null,
    row.outcome,
    row.httpStatus,
    Math.round(row.latencyMs),
    row.requestId?.slice(0, 100) ?? null,
    row.clientIp?.slice(0, 64) ?? null,
    // pg would send a JS array as a Postgres array; jsonb wants JSON text.
    row.payload === null || row.payload === undefined ? null : JSON.stringify(row.payload),
    row.error,
    row.createdAt,
  ];
}
