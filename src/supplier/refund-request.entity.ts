import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const SUPPLIER_FAILURE_CAUSE = 'supplier_order_failed';
/** Waiting for the payments side or ops to carry it out. */
export const REFUND_REQUESTED = 'requested';
/** No longer owed: the supplier fulfilled the order after all. */
export const REFUND_WITHDRAWN = 'withdrawn';

const decimal = {
  to: (value: number) => value,
  from: (value: string) => Number(value),
};

/**
 * A refund the service asks for because the customer paid for something the
 * supplier could not deliver. Recorded here for the payments side and ops to
 * carry out; one per order and cause.
 */
@Entity('refund_requests')
@Index('uq_refund_requests_order_cause', ['orderId', 'cause'], { unique: true })
export class RefundRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'order_id', type: 'varchar', length: 100 })
  orderId: string;

  @Column({ type: 'varchar', length: 50 })
  cause: string;

  @Column({ type: 'numeric', precision: 14, scale: 2, transformer: decimal })
  amount: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  /** `requested`, or `withdrawn` when the supplier fulfilled the order after its failure. */
  @Column({ type: 'varchar', length: 20, default: REFUND_REQUESTED })
  status: string;

  /** The webhook event that caused it. */
  @Column({ name: 'source_event_id', type: 'uuid' })
  sourceEventId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
