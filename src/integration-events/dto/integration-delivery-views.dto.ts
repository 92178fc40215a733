import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString } from 'class-validator';
import { OrderListQueryDto } from '../../common/http/order-list-query.dto.js';
import { IntegrationDeliveryStatus } from '../integration-delivery.entity.js';
import type { DeliveryWithEvent } from '../integration-events.repository.js';

export class IntegrationDeliveryQueryDto extends OrderListQueryDto {
  @ApiPropertyOptional({ enum: IntegrationDeliveryStatus })
  @IsOptional()
  @IsEnum(IntegrationDeliveryStatus)
  status?: IntegrationDeliveryStatus;

  @ApiPropertyOptional({ example: 'erp' })
  @IsOptional()
  @IsString()
  subscriber?: string;
}

export class IntegrationDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The event id: the webhook-id of every try.' }) eventId: string;
  @ApiProperty({ example: 'order.paid' }) type: string;
  @ApiPropertyOptional({ nullable: true, example: 'ORD-2026-12345' }) orderId: string | null;
  @ApiProperty() sequence: number;
  @ApiProperty({ example: 'erp' }) subscriber: string;
  @ApiProperty({ enum: IntegrationDeliveryStatus }) status: IntegrationDeliveryStatus;
  @ApiProperty({ description: 'Tries since it was written or last replayed.' }) attempts: number;
  @ApiProperty() nextAttemptAt: Date;
  @ApiPropertyOptional({ nullable: true }) lastError: string | null;
  @ApiPropertyOptional({ nullable: true }) lastHttpStatus: number | null;
  @ApiProperty() createdAt: Date;
  @ApiPropertyOptional({ nullable: true }) sentAt: Date | null;
  @ApiPropertyOptional({ nullable: true }) deadAt: Date | null;

  static of({ delivery, event }: DeliveryWithEvent): IntegrationDeliveryDto {
    return {
      id: delivery.id,
      eventId: event.id,
      type: event.type,
      orderId: event.orderId,
      sequence: event.sequence,
      subscriber: delivery.subscriber,
      status: delivery.status,
      attempts: delivery.attempts,
      nextAttemptAt: delivery.nextAttemptAt,
      lastError: delivery.lastError,
      lastHttpStatus: delivery.lastHttpStatus,
      createdAt: delivery.createdAt,
      sentAt: delivery.sentAt,
      deadAt: delivery.deadAt,
    };
  }
}

export class IntegrationReplayResultDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: [IntegrationDeliveryStatus.Pending] }) status: IntegrationDeliveryStatus;
}

export class IntegrationSubscriberDto {
  @ApiProperty({ example: 'erp' }) name: string;
  @ApiProperty({ example: 'https://erp.example.com/hooks/shop' }) url: string;
  @ApiPropertyOptional({ type: [String], nullable: true, description: 'The types it receives; null: all.' }) events: string[] | null;
  @ApiPropertyOptional({ nullable: true }) disabledAt: Date | null;
  @ApiPropertyOptional({ nullable: true }) disabledReason: string | null;
}
