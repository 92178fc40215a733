import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { WebhookEventFilterDto } from './webhook-event-filter.dto.js';

export const MAX_PAGE_SIZE = 200;
/** `1e308` is an integer to IsInt, and its OFFSET Infinity (or 1e22's, beyond bigint) reached the SQL; deeper pages cost a scan anyway: narrow the filter. */
export const MAX_PAGE = 100_000;

export class WebhookEventPageQueryDto extends WebhookEventFilterDto {
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: MAX_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = 50;
}
