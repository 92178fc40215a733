import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { TransferType } from '../points-ledger-entry.entity.js';
import { POINTS_EVENTS, type PointsEvent } from '../points-events.js';

/** What user and transfer ids may look like. */
export const POINTS_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

/** The platform sends user ids as numbers or strings; we keep them as strings. */
const userIdAsString = ({ value }: { value: unknown }) =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;

const isPointsUpdate = (body: PointsWebhookDto) => body.event === 'points.updated';

/** The loyalty platform's webhook (seed: "Points Update Webhook"), and transfer.completed. */
export class PointsWebhookDto {
  @ApiProperty({ enum: POINTS_EVENTS })
  @IsIn(POINTS_EVENTS, { message: `event must be one of: ${POINTS_EVENTS.join(', ')}` })
  event: PointsEvent;

  @ApiProperty({ oneOf: [{ type: 'integer', minimum: 0 }, { type: 'string' }], example: 12345 })
  @Transform(userIdAsString)
  @IsString({ message: 'user_id must be a non-negative integer or a string' })
  @Matches(POINTS_ID_PATTERN, { message: 'user_id must be 1-100 letters, digits or . _ : -' })
  user_id: string;

  @ApiProperty({ example: 'TXN-ABC123', description: 'Unique per transfer: a transfer applies once.' })
  @IsString()
  @Matches(POINTS_ID_PATTERN, { message: 'transferId must be 1-100 letters, digits or . _ : -' })
  transferId: string;

  @ApiPropertyOptional({ example: 500, minimum: 1, description: 'Required for points.updated.' })
  @ValidateIf(isPointsUpdate)
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  points?: number;

  @ApiPropertyOptional({ enum: TransferType, description: 'Required for points.updated.' })
  @ValidateIf(isPointsUpdate)
  @IsEnum(TransferType, { message: 'type must be credit or debit' })
  type?: TransferType;

  @ApiPropertyOptional({ example: 'order_completion' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  reason?: string;

  @ApiPropertyOptional({ example: 'completed', description: 'transfer.completed: the platform’s status of the transfer.' })
  @IsOptional()
  @IsString()
  @Length(0, 50)
  status?: string;

  @ApiPropertyOptional({ example: '2026-03-08T12:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  timestamp?: string;
}
