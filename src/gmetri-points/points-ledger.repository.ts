import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, LessThan, type Repository } from 'typeorm';
import { PointsBalance } from './points-balance.entity.js';
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
 * The points ledger and the balances kept beside it. Writes run inside the
 * transaction of the event being applied (its manager passed in), so an
 * entry, its balance change and the event's processed mark commit together
 * or not at all. What a transfer does to a balance is decided outside (points-rules.ts).
 */
@Injectable()
export class PointsLedgerRepository {
  constructor(
    @InjectRepository(PointsBalance) private readonly balances: Repository<PointsBalance>,
    @InjectRepository(PointsLedgerEntry) private readonly entries: Repository<PointsLedgerEntry>,
  ) {}

  /**
   * Locks the user's balance row (made at zero on first sight) until the
   * transaction ends, so one user's transfers are decided one at a time.
   */
  async lockBalance(manager: EntityManager, userId: string): Promise<number> {
    await manager.query(ENSURE_BALANCE, [userId]);
    const [row] = await manager.query<Array<{ balance: string }>>(LOCK_BALANCE, [userId]);
    return Number(row.balance);
  }

  /** Records a transfer and moves the balance by its amount; false when the transfer was recorded before. */
  async record(manager: EntityManager, entry: NewLedgerEntry): Promise<boolean> {
    const inserted = await manager.query<unknown[]>(INSERT_ENTRY, [
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
    ]);
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

  /** The user's balance; null for a user the platform never mentioned (no row yet). */
  async balanceOf(userId: string): Promise<number | null> {
    const row = await this.balances.findOneBy({ userId });
    return row?.balance ?? null;
  }

  /** Up to `limit` of the user's entries, newest first, those before the entry id `before` when given. */
  entriesOf(userId: string, limit: number, before?: string): Promise<PointsLedgerEntry[]> {
    return this.entries.find({
      where: { userId, ...(before ? { id: LessThan(before) } : {}) },
      order: { id: 'DESC' },
      take: limit,
    });
  }
}
