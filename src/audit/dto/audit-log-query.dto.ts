import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { AUDIT_OUTCOMES, AuditDirection, type AuditOutcome } from '../external-api-log.entity.js';

export const MAX_AUDIT_PAGE_SIZE = 200;
const DIRECTIONS = Object.values(AuditDirection);

/** Filters and paging of GET /api/v2/admin/audit; every filter narrows the selection. */
export class AuditLogQueryDto {
  @ApiPropertyOptional({ example: 'payment', description: 'Provider (inbound) or target called (outbound), e.g. `smtp`.' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  provider?: string;

  @ApiPropertyOptional({ enum: AUDIT_OUTCOMES })
  @IsOptional()
  @IsIn(AUDIT_OUTCOMES, { message: `outcome must be one of: ${AUDIT_OUTCOMES.join(', ')}` })
  outcome?: AuditOutcome;

  @ApiPropertyOptional({ enum: DIRECTIONS })
  @IsOptional()
  @IsIn(DIRECTIONS, { message: `direction must be one of: ${DIRECTIONS.join(', ')}` })
  direction?: AuditDirection;

  @ApiPropertyOptional({ example: '2026-03-08T00:00:00Z', description: 'Recorded at or after (ISO 8601).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-09T00:00:00Z', description: 'Recorded before (ISO 8601).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: MAX_AUDIT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_AUDIT_PAGE_SIZE)
  limit: number = 50;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page; absent for the first page.' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,100}$/, { message: 'cursor must be a nextCursor returned by this endpoint' })
  cursor?: string;
}
