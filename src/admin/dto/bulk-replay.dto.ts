import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { WebhookEventFilterDto } from './webhook-event-filter.dto.js';

export const MAX_BULK_REPLAY = 1000;

/** The same filters as the listing; without a status, dead events are meant. */
export class BulkReplayDto extends WebhookEventFilterDto {
  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: MAX_BULK_REPLAY, description: 'Oldest first, at most this many.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_BULK_REPLAY)
  limit: number = 100;
}
