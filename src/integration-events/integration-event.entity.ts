import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The integration events outbox: written in the transaction of the domain
 * change it reports, then delivered to each subscriber (IntegrationDelivery).
 */
@Entity('integration_events')
@Index('uq_integration_events_dedupe', ['dedupeKey'], { unique: true })
@Index('uq_integration_events_subject_sequence', ['subject', 'sequence'], { unique: true })
@Index('ix_integration_events_order', ['orderId'])
export class IntegrationEvent {
  /** The `webhook-id` of every delivery of it, on every retry. */
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** `<source event>:<type>:<subject>`: a handler run again for the same provider event writes it once. */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 400 })
  dedupeKey: string;

  @Column({ type: 'varchar', length: 60 })
  type: string;

  /** What the sequence counts: `order:<id>`, or `user:<id>` for points. */
  @Column({ type: 'varchar', length: 200 })
  subject: string;

  @Column({ name: 'order_id', type: 'varchar', length: 100, nullable: true })
  orderId: string | null;

  /** 1, 2, 3… per subject, in the order of the domain changes: subscribers apply events by it. */
  @Column({ type: 'int' })
  sequence: number;

  /** The body's `data`, without the fields every event carries (added when the body is built). Never a code or a personal detail. */
  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  /** The provider event (inbox id) that caused it. */
  @Column({ name: 'source_event_id', type: 'uuid', nullable: true })
  sourceEventId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
