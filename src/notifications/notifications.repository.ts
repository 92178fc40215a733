import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { Notification, type NotificationChannel, NotificationStatus } from './notification.entity.js';

// One row per dedupe key: a message already in the outbox inserts nothing and returns no id.
const INSERT = `
  INSERT INTO notifications (dedupe_key, channel, template, recipient, payload)
  VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (dedupe_key) DO NOTHING
  RETURNING id`;

// Rows not sent yet, written long enough ago that whoever wrote them should have queued them.
const UNFINISHED = `
  SELECT id FROM notifications
  WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1)
  ORDER BY created_at
  LIMIT $2`;

/** An outbox row as written: pending, no tries yet. */
export interface NewNotification {
  dedupeKey: string;
  channel: NotificationChannel;
  template: string;
  recipient: string | null;
  payload: Record<string, unknown>;
}

/**
 * The outbox table, notifications: rows written in the transaction of what
 * caused them, then sent one by one by the delivery, which records each
 * outcome on its row. Only a `pending` row changes status.
 */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectRepository(Notification) private readonly notifications: Repository<Notification>) {}

  /**
   * Writes the row in the caller's transaction, or, with no manager, on its
   * own (it commits at once). Returns its id, or undefined when a row with
   * its dedupe key is there already.
   */
  async insertIfNew(manager: EntityManager | null, row: NewNotification): Promise<string | undefined> {
    const rows = await (manager ?? this.notifications.manager).query<Array<{ id: string }>>(INSERT, [
      row.dedupeKey,
      row.channel,
      row.template,
      row.recipient,
      JSON.stringify(row.payload),
    ]);
    return rows[0]?.id;
  }

  /** Pending rows written more than minAgeMs ago, oldest first: what the sweeper checks for a job. */
  async unfinishedIds(minAgeMs: number, limit: number): Promise<string[]> {
    const rows = await this.notifications.query<Array<{ id: string }>>(UNFINISHED, [minAgeMs / 1000, limit]);
    return rows.map((row) => row.id);
  }

  findById(id: string): Promise<Notification | null> {
    return this.notifications.findOneBy({ id });
  }

  /** Locks the row for the rest of the transaction, so two failing tries do not count as one. */
  lockForUpdate(manager: EntityManager, id: string): Promise<Notification | null> {
    return manager.findOne(Notification, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async save(manager: EntityManager, notification: Notification): Promise<Notification> {
    return manager.save(notification);
  }

  /** Sent: one try more, no error, sent now. A row no longer pending is left as it is. */
  async markSent(id: string): Promise<void> {
    await this.notifications.update(
      { id, status: NotificationStatus.Pending },
      { status: NotificationStatus.Sent, attempts: () => 'attempts + 1', lastError: null, sentAt: new Date() },
    );
  }

  /** Skipped, for the reason given (its channel is not configured). A row no longer pending is left as it is. */
  async markSkipped(id: string, reason: string): Promise<void> {
    await this.notifications.update({ id, status: NotificationStatus.Pending }, { status: NotificationStatus.Skipped, lastError: reason });
  }
}
