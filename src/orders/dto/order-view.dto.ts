import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FulfillmentStatus, OrderKind, PaymentStatus } from '../order.entity.js';
import { CustomerDto } from './create-order.dto.js';

export class OrderEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'payment' }) provider: string;
  @ApiProperty({ example: 'payment.success' }) eventType: string;
  @ApiProperty({ example: 'webhook' }) source: string;
  @ApiProperty({ example: 'processed' }) status: string;
  @ApiPropertyOptional({ example: 'applied', nullable: true }) outcome: string | null;
  @ApiPropertyOptional({ example: 'payment pending → paid', nullable: true }) note: string | null;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional({ nullable: true }) lastError: string | null;
  @ApiProperty() receivedAt: Date;
  @ApiPropertyOptional({ nullable: true }) processedAt: Date | null;
}

export class OrderViewDto {
  @ApiProperty({ example: 'ORD-2026-12345' }) id: string;
  @ApiProperty({ example: 2499.0 }) amount: number;
  @ApiProperty({ example: 'INR' }) currency: string;
  @ApiProperty({ enum: OrderKind }) kind: OrderKind;
  @ApiProperty({ type: CustomerDto }) customer: CustomerDto;
  @ApiProperty({ enum: PaymentStatus }) paymentStatus: PaymentStatus;
  @ApiProperty({ enum: FulfillmentStatus }) fulfillmentStatus: FulfillmentStatus;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({ type: [OrderEventDto], description: 'Webhook events about this order, oldest first.' })
  events: OrderEventDto[];
}
