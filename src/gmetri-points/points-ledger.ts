import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type LedgerEntryStatus, PointsLedgerEntry, type TransferType } from './points-ledger-entry.entity.js';

export interface NewLedgerEntry {
  transferId: string;
  userId: string;
  type: TransferType;
  points: number;
  amount: number;
  status: LedgerEntryStatus;
  reason: string | null;
  refusal: string | null;
  eventId: string;
  occurredAt: string | null;
}

const ENSURE_BALANCE = 'INSERT INTO points_balances (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING';
const LOCK_BALANCE = 'SELECT balance FROM points_balances WHERE user_id = $1 FOR UPDATE';
const ADD_TO_BALANCE = 'UPDATE points_balances SET balance = balance + $2, updated_at = now() WHERE user_id = $1';
const INSERT_ENTRY = `
  INSERT INTO points_ledger
    (transfer_id, user_id, type, points, amount, status, reason, refusal, event_id, occurred_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
  ON CONFLICT (transfer_id) DO NOTHING
  RETURNING id`;

/**
 * Ledger writes for webhook handlers, inside the transaction of the event
 * being applied, so an entry, its balance change and the event's processed
 * mark commit together or not at all.
 */
@Injectable()
export class PointsLedger {
  /**
   * Locks the user's balance row (made at zero on first sight) until the
   * transaction ends, so one user's transfers are decided one at a time.
   */
  async lockBalance(manager: EntityManager, userId: string): Promise<number> {
    await manager.query(ENSURE_BALANCE, [userId]);
    const [row] = (await manager.query(LOCK_BALANCE, [userId])) as Array<{ balance: string }>;
    return Number(row.balance);
  }

  /** Records a transfer and moves the balance by its amount; false when the transfer was recorded before. */
  async record(manager: EntityManager, entry: NewLedgerEntry): Promise<boolean> {
    const inserted = (await manager.query(INSERT_ENTRY, [
      entry.transferId,
      entry.userId,
      entry.type,
      entry.points,
      entry.amount,
      entry.status,
      entry.reason,
      entry.refusal,
      entry.eventId,
      entry.occurredAt,
    ])) as unknown[];
    if (inserted.length === 0) return false;
    if (entry.amount !== 0) await manager.query(ADD_TO_BALANCE, [entry.userId, entry.amount]);
    return true;
  }

  lockEntry(manager: EntityManager, transferId: string): Promise<PointsLedgerEntry | null> {
    return manager.findOne(PointsLedgerEntry, { where: { transferId }, lock: { mode: 'pessimistic_write' } });
  }

  async confirm(manager: EntityManager, entry: PointsLedgerEntry, confirmedAt: Date): Promise<void> {
    await manager.update(PointsLedgerEntry, { id: entry.id }, { confirmedAt });
  }
}
