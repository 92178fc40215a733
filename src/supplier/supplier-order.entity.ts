import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum SupplierOrderStatus {
  /** The supplier has the order; its SLA clock runs. */
  Created = 'created',
  Fulfilled = 'fulfilled',
  Failed = 'failed',
  Refunded = 'refunded',
}

/**
 * The supplier's side of one of our digital orders, matched on our order id
 * (the supplier's `reference`). Overdue ones: status `created` and
 * `sla_deadline` in the past (index ix_supplier_orders_status_sla).
 */
@Entity('supplier_orders')
@Index('uq_supplier_orders_order', ['orderId'], { unique: true })
@Index('ix_supplier_orders_status_sla', ['status', 'slaDeadline'])
export class SupplierOrder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Our order id. */
  @Column({ name: 'order_id', type: 'varchar', length: 100 })
  orderId: string;

  /** The supplier's own id, kept for support calls; never used to match. */
  @Column({ name: 'supplier_order_id', type: 'varchar', length: 100, nullable: true })
  supplierOrderId: string | null;

  @Column({ type: 'varchar', length: 20 })
  status: SupplierOrderStatus;

  /** When the supplier took the order (order.created's timestamp); null while only later events arrived. */
  @Column({ name: 'ordered_at', type: 'timestamptz', nullable: true })
  orderedAt: Date | null;

  /** ordered_at + SUPPLIER_SLA_MINUTES: a `created` order still unfulfilled after this is overdue. */
  @Column({ name: 'sla_deadline', type: 'timestamptz', nullable: true })
  slaDeadline: Date | null;

  /** The timestamp of the supplier event that set the current status. */
  @Column({ name: 'status_changed_at', type: 'timestamptz' })
  statusChangedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
