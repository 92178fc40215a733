import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { WebhookEventOutcome, WebhookEventSource, WebhookEventStatus } from '../../webhooks/inbox/webhook-event.entity.js';

export class WebhookEventSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'payment' }) provider: string;
  @ApiProperty({ example: 'payment.success' }) eventType: string;
  @ApiProperty({ enum: WebhookEventSource }) source: WebhookEventSource;
  @ApiProperty({ enum: WebhookEventStatus }) status: WebhookEventStatus;
  @ApiPropertyOptional({ enum: WebhookEventOutcome, nullable: true }) outcome: WebhookEventOutcome | null;
  @ApiPropertyOptional({ example: 'ORD-2026-12345', nullable: true }) orderId: string | null;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional({ nullable: true }) lastError: string | null;
  @ApiProperty() receivedAt: Date;
  @ApiPropertyOptional({ nullable: true }) processedAt: Date | null;
  @ApiProperty({ description: 'Deliveries of its dedupe key with another body (not applied).' }) conflicts: number;
  @ApiPropertyOptional({ nullable: true }) lastConflictAt: Date | null;
}

export class WebhookEventDetailDto extends WebhookEventSummaryDto {
  @ApiPropertyOptional({ example: 'payment pending → paid', nullable: true, description: 'What the handler did, or why it had no effect.' })
  note: string | null;

  @ApiPropertyOptional({ nullable: true }) lastFailedAt: Date | null;
  @ApiProperty() dedupeKey: string;
  @ApiPropertyOptional({ nullable: true, description: 'SHA-256 of the verified body; null for reconciliation entries and older rows.' })
  bodySha256: string | null;
  @ApiPropertyOptional({ nullable: true }) requestId: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The payload as stored, with signatures, codes, secrets and personal data masked; `{}` once purged.',
  })
  payload: unknown;

  @ApiPropertyOptional({
    nullable: true,
    description: 'When the retention purge emptied the payload (the row kept for its dedupe key); such an event cannot be replayed.',
  })
  payloadPurgedAt: Date | null;
}

export class WebhookEventPageDto {
  @ApiProperty({ type: [WebhookEventSummaryDto], description: 'Newest first.' }) items: WebhookEventSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class ReplayResultDto {
  @ApiProperty({ description: 'Events set back to pending and queued again.' }) replayed: number;
  @ApiProperty({ type: [String] }) eventIds: string[];
}
