import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { OrderItem } from './order-item.js';

export enum OrderKind {
  Physical = 'physical',
  Digital = 'digital',
}

export enum PaymentStatus {
  Pending = 'pending',
  Paid = 'paid',
  Failed = 'failed',
  RefundInitiated = 'refund_initiated',
  /** Refunds completed so far add up to less than the amount paid. */
  PartiallyRefunded = 'partially_refunded',
  Refunded = 'refunded',
}

/** Physical orders move through the carrier's states; digital ones through the supplier's. */
export enum FulfillmentStatus {
  Unfulfilled = 'unfulfilled',
  Shipped = 'shipped',
  InTransit = 'in_transit',
  OutForDelivery = 'out_for_delivery',
  Delivered = 'delivered',
  DeliveryFailed = 'delivery_failed',
  Fulfilled = 'fulfilled',
  FulfillmentFailed = 'fulfillment_failed',
  Refunded = 'refunded',
}

const decimal = {
  to: (value: number) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

@Entity('orders')
@Index('ix_orders_payment_status_created', ['paymentStatus', 'createdAt'])
export class Order {
  /** Our order id, e.g. ORD-2026-12345: what providers send as order_id or reference. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id: string;

  @Column({ type: 'numeric', precision: 14, scale: 2, transformer: decimal })
  amount: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'varchar', length: 20 })
  kind: OrderKind;

  @Column({ name: 'customer_email', type: 'varchar', length: 320, nullable: true })
  customerEmail: string | null;

  @Column({ name: 'customer_phone', type: 'varchar', length: 32, nullable: true })
  customerPhone: string | null;

  @Column({ name: 'payment_status', type: 'varchar', length: 30, default: PaymentStatus.Pending })
  paymentStatus: PaymentStatus;

  @Column({ name: 'fulfillment_status', type: 'varchar', length: 30, default: FulfillmentStatus.Unfulfilled })
  fulfillmentStatus: FulfillmentStatus;

  /** What was ordered, when the storefront said (it then adds up to the amount); null: not given. */
  @Column({ type: 'jsonb', nullable: true })
  items: OrderItem[] | null;

  @Column({ name: 'payment_id', type: 'varchar', length: 100, nullable: true })
  paymentId: string | null;

  /** What completed refunds have given back so far, in the order's currency: the order is refunded once it reaches the amount. */
  @Column({ name: 'refunded_amount', type: 'numeric', precision: 14, scale: 2, default: 0, transformer: decimal })
  refundedAmount: number;

  /** When the order was completed (delivered); what customer notices and follow-ups key on. */
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
