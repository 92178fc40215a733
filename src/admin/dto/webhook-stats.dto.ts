import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class EventFiguresDto {
  @ApiPropertyOptional({ example: 'payment', nullable: true, description: 'null for all providers together.' })
  provider: string | null;
  @ApiProperty({ description: 'Events received in the window.' }) received: number;
  @ApiProperty({ description: 'Of those, processed (applied or without effect).' }) processed: number;
  @ApiProperty({ description: 'Of those, processed without effect (stale, duplicate in effect).' }) noEffect: number;
  @ApiProperty({ description: 'Of those, dead-lettered after their last try.' }) dead: number;
  @ApiProperty({ description: 'Of those, still pending or retrying.' }) inFlight: number;
  @ApiProperty({ description: 'Failed tries of those events (each retry counts).' }) failedTries: number;
  @ApiPropertyOptional({ nullable: true, example: 0.998, description: 'processed / (processed + dead); null when none finished.' })
  successRate: number | null;
  @ApiPropertyOptional({ nullable: true, description: 'Mean of processed_at − received_at, ms.' }) processingMeanMs: number | null;
  @ApiPropertyOptional({ nullable: true, description: '95th percentile of processed_at − received_at, ms.' }) processingP95Ms:
    number | null;
}

export class QueueDepthDto {
  @ApiProperty({ example: 'webhook-events' }) queue: string;
  @ApiProperty() waiting: number;
  @ApiProperty() active: number;
  @ApiProperty() delayed: number;
  @ApiProperty() failed: number;
}

export class WebhookStatsDto {
  @ApiProperty() from: Date;
  @ApiProperty() to: Date;
  @ApiProperty({ type: EventFiguresDto, description: 'All providers together.' }) total: EventFiguresDto;
  @ApiProperty({ type: [EventFiguresDto] }) byProvider: EventFiguresDto[];
  @ApiProperty({ description: 'Events dead now, whenever received: what awaits a replay.' }) deadLetters: number;
  @ApiProperty({ type: [QueueDepthDto] }) queues: QueueDepthDto[];
}
