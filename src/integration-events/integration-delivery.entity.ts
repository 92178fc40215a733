import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum IntegrationDeliveryStatus {
  /** Not tried yet. */
  Pending = 'pending',
  Sent = 'sent',
  /** A try failed; the next is due at nextAttemptAt. */
  Failed = 'failed',
  /** No try left (or the subscriber is disabled): listed and replayable in the operator API. */
  Dead = 'dead',
}

/** One event for one subscriber: each has its own tries and schedule, so one subscriber's failures hold up no other. */
@Entity('integration_deliveries')
@Index('uq_integration_deliveries_event_subscriber', ['eventId', 'subscriber'], { unique: true })
@Index('ix_integration_deliveries_status_next', ['status', 'nextAttemptAt'])
@Index('ix_integration_deliveries_status_created', ['status', 'createdAt'])
export class IntegrationDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  /** The subscriber's name in INTEGRATION_SUBSCRIBERS. */
  @Column({ type: 'varchar', length: 50 })
  subscriber: string;

  @Column({ type: 'varchar', length: 20, default: IntegrationDeliveryStatus.Pending })
  status: IntegrationDeliveryStatus;

  /** Tries since it was written or last replayed. */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'last_http_status', type: 'int', nullable: true })
  lastHttpStatus: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ name: 'dead_at', type: 'timestamptz', nullable: true })
  deadAt: Date | null;
}
