import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { WebhookEventSource, WebhookEventStatus } from '../../webhooks/inbox/webhook-event.entity.js';

const STATUSES = Object.values(WebhookEventStatus);
const SOURCES = Object.values(WebhookEventSource);

/** Which inbox events an operator means; every field narrows the selection. */
export class WebhookEventFilterDto {
  @ApiPropertyOptional({ example: 'payment' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  provider?: string;

  @ApiPropertyOptional({ example: 'payment.success' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  eventType?: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES, { message: `status must be one of: ${STATUSES.join(', ')}` })
  status?: WebhookEventStatus;

  @ApiPropertyOptional({ enum: SOURCES })
  @IsOptional()
  @IsIn(SOURCES, { message: `source must be one of: ${SOURCES.join(', ')}` })
  source?: WebhookEventSource;

  @ApiPropertyOptional({ example: 'ORD-2026-12345', description: 'The order (or other object) the event is about.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  orderId?: string;

  @ApiPropertyOptional({ example: '2026-03-08T00:00:00Z', description: 'Received at or after.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-09T00:00:00Z', description: 'Received before.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({
    example: true,
    description: 'true: only events whose dedupe key came again with another body (conflicts > 0).',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'conflicted must be true or false' })
  conflicted?: boolean;
}
