import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum NotificationChannel {
  Email = 'email',
  Sms = 'sms',
  Slack = 'slack',
}

export enum NotificationStatus {
  Pending = 'pending',
  Sent = 'sent',
  /** The channel is not configured here; logged visibly instead of failing. */
  Skipped = 'skipped',
  /** Every try failed; ops were alerted. */
  Failed = 'failed',
}

/**
 * The outbox: handlers write rows here in the same transaction as their
 * domain change; a queue of its own sends them afterwards.
 */
@Entity('notifications')
@Index('uq_notifications_dedupe', ['dedupeKey'], { unique: true })
@Index('ix_notifications_status_created', ['status', 'createdAt'])
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** `<source key>:<channel>:<template>`: a replayed event never notifies twice. */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 400 })
  dedupeKey: string;

  @Column({ type: 'varchar', length: 20 })
  channel: NotificationChannel;

  @Column({ type: 'varchar', length: 100 })
  template: string;

  /** E-mail address or phone number; null for the ops Slack channel. */
  @Column({ type: 'varchar', length: 320, nullable: true })
  recipient: string | null;

  /** What the template renders from. Secrets in it (digital codes) are sealed, never clear. */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'varchar', length: 20, default: NotificationStatus.Pending })
  status: NotificationStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
