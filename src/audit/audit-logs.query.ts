import { BadRequestException, Injectable } from '@nestjs/common';
import type { AuditLogPageDto } from './dto/audit-log-page.dto.js';
import type { AuditLogQueryDto } from './dto/audit-log-query.dto.js';
import { type AuditLogPosition, ExternalApiLogsRepository } from './external-api-logs.repository.js';

/**
 * Read side of the audit trail, newest first. Pages by keyset (created_at,
 * id) rather than offset, so a deep page costs what the first one does on a
 * table that grows by every request.
 */
@Injectable()
export class AuditLogsQuery {
  constructor(private readonly logs: ExternalApiLogsRepository) {}

  async page(query: AuditLogQueryDto): Promise<AuditLogPageDto> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    // One row more than the page tells whether there is a next one.
    const rows = await this.logs.newestFirst(query, after, query.limit + 1);
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
  }
}

function encodeCursor({ createdAt, id }: AuditLogPosition): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

/** Postgres' bigint, the type of the id: a larger one in a cursor would fail the query rather than page. */
const MAX_BIGINT = 2n ** 63n - 1n;

function decodeCursor(cursor: string): AuditLogPosition {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at);
  if (Number.isNaN(createdAt.getTime()) || !/^\d{1,19}$/.test(id ?? '') || BigInt(id) > MAX_BIGINT) {
    throw new BadRequestException('cursor must be a nextCursor returned by this endpoint');
  }
  return { createdAt, id };
}
