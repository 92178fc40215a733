import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { FulfillmentStatus } from '../orders/order.entity.js';

/** A parcel of an order, known by the carrier's air waybill number. */
@Entity('shipments')
@Index('uq_shipments_awb', ['awb'], { unique: true })
@Index('ix_shipments_order', ['orderId'])
export class Shipment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  awb: string;

  @Column({ name: 'order_id', type: 'varchar', length: 100 })
  orderId: string;

  /** What the latest applied scan reported. */
  @Column({ type: 'varchar', length: 30, default: FulfillmentStatus.Unfulfilled })
  status: FulfillmentStatus;

  /** The carrier's time of the latest applied scan: an older scan arriving later moves nothing. */
  @Column({ name: 'latest_scan_at', type: 'timestamptz', nullable: true })
  latestScanAt: Date | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  /** Proof of delivery. Personal data: shown to the internal API, never logged. */
  @Column({ name: 'delivered_to', type: 'varchar', length: 200, nullable: true })
  deliveredTo: string | null;

  @Column({ name: 'signature_url', type: 'text', nullable: true })
  signatureUrl: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
