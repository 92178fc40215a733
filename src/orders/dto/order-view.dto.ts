import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FulfillmentStatus, OrderKind, PaymentStatus } from '../order.entity.js';
import { ORDER_LIFECYCLE, type OrderLifecycle } from '../order-lifecycle.js';
import { CustomerDto, OrderItemDto } from './create-order.dto.js';

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

export class ScanLocationViewDto {
  @ApiPropertyOptional({ example: 'Mumbai', nullable: true }) city: string | null;
  @ApiPropertyOptional({ example: 'Maharashtra', nullable: true }) state: string | null;
  @ApiPropertyOptional({ example: '400001', nullable: true }) pincode: string | null;
}

export class ShipmentScanViewDto {
  @ApiProperty({ enum: FulfillmentStatus, description: 'The fulfilment status this scan reports.' }) status: FulfillmentStatus;
  @ApiProperty({ example: 'shipment.delivered' }) eventType: string;
  @ApiPropertyOptional({ example: 'delivered', nullable: true, description: "The carrier's own status text." }) carrierStatus:
    string | null;
  @ApiProperty({ type: ScanLocationViewDto }) location: ScanLocationViewDto;
  @ApiProperty({ description: "The carrier's time of the scan." }) occurredAt: Date;
  @ApiProperty({ description: 'Whether it moved the shipment (false: kept in the history only, e.g. older than the latest applied scan).' })
  applied: boolean;
  @ApiProperty({ format: 'uuid', description: 'The webhook event that carried it.' }) eventId: string;
}

export class ShipmentViewDto {
  @ApiProperty({ example: 'AWB123456789' }) awb: string;
  @ApiProperty({ enum: FulfillmentStatus }) status: FulfillmentStatus;
  @ApiPropertyOptional({ nullable: true }) deliveredAt: Date | null;
  @ApiPropertyOptional({ example: 'John Doe', nullable: true, description: 'Proof of delivery: who received it.' }) deliveredTo:
    string | null;
  @ApiPropertyOptional({ example: 'https://cdn.example.com/signatures/xyz.jpg', nullable: true }) signatureUrl: string | null;
  @ApiProperty({ type: [ShipmentScanViewDto], description: "Every scan, oldest first by the carrier's time." })
  history: ShipmentScanViewDto[];
}

export class SupplierItemViewDto {
  @ApiProperty({ example: 'steam-20-usd' }) sku: string;
  @ApiProperty({ description: 'Whether the code came with a PIN (codes and PINs are never shown).' }) hasPin: boolean;
}

export class SupplierOrderViewDto {
  @ApiPropertyOptional({ example: 'SUP-99887', nullable: true, description: "The supplier's own order id." }) supplierOrderId:
    string | null;
  @ApiProperty({ enum: ['created', 'fulfilled', 'failed', 'refunded'] }) status: string;
  @ApiPropertyOptional({ nullable: true, description: 'When the supplier took the order (order.created).' }) orderedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, description: 'orderedAt + SUPPLIER_SLA_MINUTES.' }) slaDeadline: Date | null;
  @ApiProperty() statusChangedAt: Date;
  @ApiProperty({ type: [SupplierItemViewDto] }) items: SupplierItemViewDto[];
}

export class RefundRequestViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'supplier_order_failed' }) cause: string;
  @ApiProperty({ example: 20.0 }) amount: number;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ enum: ['requested', 'withdrawn'], description: 'withdrawn: the supplier fulfilled the order after its failure.' })
  status: string;
  @ApiProperty({ format: 'uuid', description: 'The webhook event that caused it.' }) sourceEventId: string;
  @ApiProperty() createdAt: Date;
}

export class OrderViewDto {
  @ApiProperty({ example: 'ORD-2026-12345' }) id: string;
  @ApiProperty({ example: 2499.0 }) amount: number;
  @ApiProperty({ example: 'INR' }) currency: string;
  @ApiProperty({ enum: OrderKind }) kind: OrderKind;
  @ApiProperty({ type: CustomerDto }) customer: CustomerDto;
  @ApiPropertyOptional({ type: [OrderItemDto], description: 'What was ordered, when the order was created with items.' })
  items?: OrderItemDto[];
  @ApiProperty({ enum: PaymentStatus }) paymentStatus: PaymentStatus;
  @ApiProperty({ example: 0, description: 'What completed refunds have given back so far; the order is refunded once it reaches amount.' })
  refundedAmount: number;
  @ApiProperty({ enum: FulfillmentStatus }) fulfillmentStatus: FulfillmentStatus;
  @ApiProperty({
    enum: ORDER_LIFECYCLE,
    description: '`completed`: delivered (physical) or its codes delivered (digital); `refunded`: its payment was refunded; else `open`.',
  })
  status: OrderLifecycle;
  @ApiPropertyOptional({ nullable: true, description: 'When it was completed.' }) completedAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({ type: [OrderEventDto], description: 'Webhook events about this order, oldest first.' })
  events: OrderEventDto[];
  // The sections below come from the shipping and digital-goods modules (OrderDetailsRegistry), hence optional to the compiler.
  @ApiProperty({
    type: [ShipmentViewDto],
    description: 'Its shipments (one per AWB) with their tracking history; empty for a digital order.',
  })
  shipments?: ShipmentViewDto[];
  @ApiProperty({
    type: SupplierOrderViewDto,
    nullable: true,
    description: "The digital-goods supplier's order for it; null until the supplier names one.",
  })
  supplierOrder?: SupplierOrderViewDto | null;
  @ApiProperty({ type: [RefundRequestViewDto], description: 'Refunds the service asked for (a supplier order that failed after payment).' })
  refundRequests?: RefundRequestViewDto[];
}
