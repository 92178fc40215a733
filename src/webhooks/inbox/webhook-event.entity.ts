import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum WebhookEventStatus {
  /** Committed to the inbox; waiting for (or in) its first try. */
  Pending = 'pending',
  /** A try failed; Bull will try again after its backoff. */
  Retrying = 'retrying',
  /** The handler ran to the end, with or without effect (see `outcome`). */
  Processed = 'processed',
  /** Every try failed; replayable from the admin API. */
  Dead = 'dead',
  /** Verified, of a type the service does not act on: kept for the record, never processed. */
  Ignored = 'ignored',
}

export enum WebhookEventSource {
  Webhook = 'webhook',
  Reconciliation = 'reconciliation',
}

export enum WebhookEventOutcome {
  Applied = 'applied',
  /** Processed without effect (stale, duplicate in effect, not applicable); see `note`. */
  NoEffect = 'no_effect',
}

/** The inbox: every accepted event, committed before the provider gets its answer. */
@Entity('webhook_events')
@Index('uq_webhook_events_dedupe', ['provider', 'dedupeKey'], { unique: true })
@Index('ix_webhook_events_reference', ['reference'])
@Index('ix_webhook_events_status_received', ['status', 'receivedAt'])
@Index('ix_webhook_events_received', ['receivedAt'])
@Index('ix_webhook_events_dead_provider', ['provider', 'lastFailedAt'], { where: "status = 'dead'" })
@Index('ix_webhook_events_conflicted', ['lastConflictAt'], { where: 'conflicts > 0' })
@Index('ix_webhook_events_payload_kept', ['receivedAt'], { where: "status IN ('processed', 'ignored') AND payload_purged_at IS NULL" })
export class WebhookEvent<P extends object = Record<string, unknown>> {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  provider: string;

  @Column({ name: 'event_type', type: 'varchar', length: 100 })
  eventType: string;

  @Column({ name: 'dedupe_key', type: 'varchar', length: 300 })
  dedupeKey: string;

  /** What the event is about (an order id, a user id), for lookups by operators and domains. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  reference: string | null;

  @Column({ type: 'jsonb' })
  payload: P;

  /** SHA-256 (hex) of the verified body as received; null for reconciliation's entries and rows stored before it was kept. */
  @Column({ name: 'body_sha256', type: 'char', length: 64, nullable: true })
  bodySha256: string | null;

  /** Deliveries of this dedupe key with another body: not applied, counted here and alerted. */
  @Column({ type: 'int', default: 0 })
  conflicts: number;

  @Column({ name: 'last_conflict_at', type: 'timestamptz', nullable: true })
  lastConflictAt: Date | null;

  @Column({ type: 'varchar', length: 20, default: WebhookEventSource.Webhook })
  source: WebhookEventSource;

  @Column({ type: 'varchar', length: 20, default: WebhookEventStatus.Pending })
  status: WebhookEventStatus;

  @Column({ type: 'varchar', length: 20, nullable: true })
  outcome: WebhookEventOutcome | null;

  /** Why an event had no effect, or what the last failure was about. */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** When the last try failed; failure alerts count dead letters per provider by it. */
  @Column({ name: 'last_failed_at', type: 'timestamptz', nullable: true })
  lastFailedAt: Date | null;

  @Column({ name: 'request_id', type: 'varchar', length: 100, nullable: true })
  requestId: string | null;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt: Date | null;

  /**
   * When the retention purge emptied the payload (to `{}`) of a finished event whose row is kept
   * for its dedupe key (WEBHOOK_RETENTION_DAYS under 30); such an event cannot be replayed.
   */
  @Column({ name: 'payload_purged_at', type: 'timestamptz', nullable: true })
  payloadPurgedAt: Date | null;
}
