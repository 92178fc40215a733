import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { LedgerEntryStatus, TransferType } from '../points-ledger-entry.entity.js';
import { POINTS_ID_PATTERN } from './points-webhook.dto.js';

export const MAX_LEDGER_PAGE = 200;

export class UserPointsParams {
  @ApiProperty({ example: '12345' })
  @Matches(POINTS_ID_PATTERN, { message: 'id must be 1-100 letters, digits or . _ : -' })
  id: string;
}

export class LedgerPageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LEDGER_PAGE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LEDGER_PAGE)
  limit?: number;

  @ApiPropertyOptional({ description: 'Entries older than this entry id: the `nextBefore` of the previous page.', example: '42' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'before must be a ledger entry id' })
  before?: string;
}

export class LedgerEntryViewDto {
  @ApiProperty({ example: '42' }) id: string;
  @ApiProperty({ example: 'TXN-ABC123' }) transferId: string;
  @ApiProperty({ enum: TransferType }) type: TransferType;
  @ApiProperty({ example: 500, description: 'What the platform asked for.' }) points: number;
  @ApiProperty({ example: 500, description: 'Signed effect on the balance; 0 when refused.' }) amount: number;
  @ApiProperty({ enum: LedgerEntryStatus }) status: LedgerEntryStatus;
  @ApiPropertyOptional({ example: 'order_completion', nullable: true }) reason: string | null;
  @ApiPropertyOptional({ example: 'debit of 600 points exceeds the balance of 500', nullable: true }) refusal: string | null;
  @ApiPropertyOptional({ nullable: true }) occurredAt: Date | null;
  @ApiPropertyOptional({ nullable: true, description: 'When transfer.completed confirmed it.' }) confirmedAt: Date | null;
  @ApiProperty() recordedAt: Date;
}

export class UserPointsViewDto {
  @ApiProperty({ example: '12345' }) userId: string;
  @ApiProperty({ example: 500, description: 'The sum of the ledger amounts.' }) balance: number;
  @ApiProperty({ type: [LedgerEntryViewDto], description: 'Newest first.' }) ledger: LedgerEntryViewDto[];
  @ApiPropertyOptional({ nullable: true, description: 'Pass as `before` for the next page; null on the last page.' })
  nextBefore: string | null;
}
