import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum TransferType {
  Credit = 'credit',
  Debit = 'debit',
}

export enum LedgerEntryStatus {
  /** Counted in the balance. */
  Applied = 'applied',
  /** A debit beyond the balance: kept for people to see, with zero effect. */
  Refused = 'refused',
}

/**
 * One transfer of the loyalty platform, recorded once (transfer id is unique)
 * whatever the retries. The balance is the sum of `amount` over a user's entries.
 */
@Entity('points_ledger')
// Named as Postgres names the migration's inline checks, so the schema builder sees no drift.
@Check('points_ledger_type_check', "type IN ('credit', 'debit')")
@Check('points_ledger_points_check', 'points > 0')
@Check('points_ledger_status_check', "status IN ('applied', 'refused')")
@Check('points_ledger_check', "status = 'applied' OR amount = 0")
@Index('uq_points_ledger_transfer', ['transferId'], { unique: true })
@Index('ix_points_ledger_user', ['userId', 'id'])
export class PointsLedgerEntry {
  /** Grows in recording order, which per user is serialised by the balance row lock; a string, as pg returns bigint. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'transfer_id', type: 'varchar', length: 100 })
  transferId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 100 })
  userId: string;

  @Column({ type: 'varchar', length: 10 })
  type: TransferType;

  /** What the platform asked for, always positive. */
  @Column({ type: 'int' })
  points: number;

  /** The signed effect on the balance: +points, -points, or 0 when refused. */
  @Column({ type: 'int' })
  amount: number;

  @Column({ type: 'varchar', length: 20 })
  status: LedgerEntryStatus;

  /** The platform's reason, e.g. `order_completion`. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  reason: string | null;

  /** Why we refused it. */
  @Column({ type: 'text', nullable: true })
  refusal: string | null;

  /** The inbox event that recorded it. */
  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  /** The platform's own timestamp. */
  @Column({ name: 'occurred_at', type: 'timestamptz', nullable: true })
  occurredAt: Date | null;

  /** When transfer.completed confirmed it. */
  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
