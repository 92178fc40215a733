import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum SupplierOrderPlacementStatus {
  /** Not tried yet. */
  Pending = 'pending',
  /** A try failed in a way that may pass (5xx, no answer); the next is due at nextAttemptAt. */
  Failed = 'failed',
  /** The supplier took the order; supplierOrderId is its id. */
  Placed = 'placed',
  /** Not sent: the supplier's webhooks had already brought a supplier order for it. */
  Skipped = 'skipped',
  /** A 4xx, or no try left: ops alerted; listed and replayable in the operator API. */
  Dead = 'dead',
}

/**
 * The outbox row of one order to place with the supplier (POST
 * $SUPPLIER_API_URL/orders), written in the transaction that made a digital
 * order paid: one per order, so a payment event applied twice orders once.
 */
@Entity('supplier_order_placements')
@Index('uq_supplier_order_placements_order', ['orderId'], { unique: true })
@Index('ix_supplier_order_placements_status_next', ['status', 'nextAttemptAt'])
export class SupplierOrderPlacement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'order_id', type: 'varchar', length: 100 })
  orderId: string;

  @Column({ type: 'varchar', length: 20, default: SupplierOrderPlacementStatus.Pending })
  status: SupplierOrderPlacementStatus;

  /** Tries since it was written or last replayed. */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'last_http_status', type: 'int', nullable: true })
  lastHttpStatus: number | null;

  /** The supplier's id of the order, from its answer. */
  @Column({ name: 'supplier_order_id', type: 'varchar', length: 100, nullable: true })
  supplierOrderId: string | null;

  /** The payment event that made the order paid. */
  @Column({ name: 'source_event_id', type: 'uuid', nullable: true })
  sourceEventId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'placed_at', type: 'timestamptz', nullable: true })
  placedAt: Date | null;

  @Column({ name: 'dead_at', type: 'timestamptz', nullable: true })
  deadAt: Date | null;
}
