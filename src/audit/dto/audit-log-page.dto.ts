import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_OUTCOMES, AuditDirection, type AuditOutcome } from '../external-api-log.entity.js';

export class AuditLogViewDto {
  @ApiProperty({ example: '1024' })
  id: string;

  @ApiProperty({ enum: AuditDirection })
  direction: AuditDirection;

  @ApiProperty({ example: 'payment', description: 'Provider (inbound) or target called (outbound).' })
  provider: string;

  @ApiProperty({ example: 'payment.success', nullable: true, type: String, description: 'Event type (inbound) or operation (outbound).' })
  eventType: string | null;

  @ApiProperty({ enum: AUDIT_OUTCOMES, example: 'accepted' })
  outcome: AuditOutcome;

  @ApiProperty({ example: 200, nullable: true, type: Number })
  httpStatus: number | null;

  @ApiProperty({ example: 12 })
  latencyMs: number;

  @ApiProperty({ example: '6f1c2d3e-…', nullable: true, type: String })
  requestId: string | null;

  @ApiProperty({ example: '203.0.113.7', nullable: true, type: String })
  clientIp: string | null;

  @ApiProperty({ description: 'What was received or sent, with signatures, codes, card and personal fields redacted.', nullable: true })
  payload: unknown;

  @ApiProperty({ nullable: true, type: String })
  error: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}

export class AuditLogPageDto {
  @ApiProperty({ type: [AuditLogViewDto], description: 'Newest first.' })
  items: AuditLogViewDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page.' })
  nextCursor: string | null;
}
