import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { FulfillmentStatus } from '../orders/order.entity.js';

/** One carrier scan of a shipment: its tracking history, kept whether or not the scan moved the order. */
@Entity('shipment_scans')
@Index('ix_shipment_scans_shipment_occurred', ['shipmentId', 'occurredAt'])
@Index('uq_shipment_scans_event', ['eventId'], { unique: true })
export class ShipmentScan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'shipment_id', type: 'uuid' })
  shipmentId: string;

  /** The webhook event that reported it. */
  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'event_type', type: 'varchar', length: 100 })
  eventType: string;

  @Column({ type: 'varchar', length: 30 })
  status: FulfillmentStatus;

  /** The carrier's own status text. */
  @Column({ name: 'carrier_status', type: 'varchar', length: 100, nullable: true })
  carrierStatus: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  city: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  state: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  pincode: string | null;

  /** When the carrier scanned it: the history is in this order, not in order of arrival. */
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  /** False for a scan that moved nothing (late, stale or after delivery). */
  @Column({ type: 'boolean' })
  applied: boolean;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
