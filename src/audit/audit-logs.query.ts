import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { whereGiven } from '../common/database/where-given.js';
import type { AuditLogPageDto } from './dto/audit-log-page.dto.js';
import type { AuditLogQueryDto } from './dto/audit-log-query.dto.js';
import { ExternalApiLog } from './external-api-log.entity.js';

interface Cursor {
  createdAt: Date;
  id: string;
}

/**
 * Read side of the audit trail, newest first. Pages by keyset (created_at,
 * id) rather than offset, so a deep page costs what the first one does on a
 * table that grows by every request.
 */
@Injectable()
export class AuditLogsQuery {
  constructor(@InjectRepository(ExternalApiLog) private readonly logs: Repository<ExternalApiLog>) {}

  async page(query: AuditLogQueryDto): Promise<AuditLogPageDto> {
    const select = whereGiven(this.logs.createQueryBuilder('log'), [
      [query.provider, 'log.provider = :provider'],
      [query.outcome, 'log.outcome = :outcome'],
      [query.direction, 'log.direction = :direction'],
      [query.from, 'log.createdAt >= :from'],
      [query.to, 'log.createdAt < :to'],
    ], query);
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      select.andWhere('(log.createdAt, log.id) < (:cursorAt, :cursorId)', { cursorAt: after.createdAt, cursorId: after.id });
    }
    const rows = await select.orderBy('log.createdAt', 'DESC').addOrderBy('log.id', 'DESC').limit(query.limit + 1).getMany();
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
  }
}

function encodeCursor({ createdAt, id }: Cursor): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at);
  if (Number.isNaN(createdAt.getTime()) || !/^\d{1,19}$/.test(id ?? '')) {
    throw new BadRequestException('cursor must be a nextCursor returned by this endpoint');
  }
  return { createdAt, id };
}
