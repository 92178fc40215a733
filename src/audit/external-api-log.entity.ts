import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum AuditDirection {
  Inbound = 'inbound',
  Outbound = 'outbound',
}

/** How a call ended: inbound outcomes name the answer given, outbound ones success or failure. */
export const AUDIT_OUTCOMES = [
  'accepted',
  'duplicate',
  'rejected_signature',
  'rejected_ip',
  'invalid',
  'too_large',
  'not_found',
  'unavailable',
  'error',
  'aborted',
  'success',
  'failure',
] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * The audit trail: one row per webhook request received (rejected ones too)
 * and per call made to the outside. Payloads are stored redacted.
 */
@Entity('external_api_logs')
@Index('ix_external_api_logs_created', ['createdAt', 'id'])
@Index('ix_external_api_logs_provider_created', ['provider', 'createdAt'])
@Index('ix_external_api_logs_outcome_created', ['outcome', 'createdAt'])
export class ExternalApiLog {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 8 })
  direction: AuditDirection;

  /** The provider that called (inbound) or the target called (outbound). */
  @Column({ type: 'varchar', length: 64 })
  provider: string;

  /** The event type received (inbound) or the operation performed (outbound). */
  @Column({ name: 'event_type', type: 'varchar', length: 100, nullable: true })
  eventType: string | null;

  @Column({ type: 'varchar', length: 32 })
  outcome: AuditOutcome;

  @Column({ name: 'http_status', type: 'int', nullable: true })
  httpStatus: number | null;

  @Column({ name: 'latency_ms', type: 'int' })
  latencyMs: number;

  @Column({ name: 'request_id', type: 'varchar', length: 100, nullable: true })
  requestId: string | null;

  @Column({ name: 'client_ip', type: 'varchar', length: 64, nullable: true })
  clientIp: string | null;

  @Column({ type: 'jsonb', nullable: true })
  payload: unknown;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
