import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { tryJobId } from '../common/queue/try-job-id.js';
import { SupplierOrderPlacement, SupplierOrderPlacementStatus } from './supplier-order-placement.entity.js';

const INSERT = `
  INSERT INTO supplier_order_placements (order_id, source_event_id) VALUES ($1, $2)
  ON CONFLICT (order_id) DO NOTHING
  RETURNING id`;

// Placements due for a while with no one trying them: their job was never queued or was lost.
const ORPHANS = `
  SELECT id, attempts FROM supplier_order_placements
  WHERE status IN ('pending', 'failed') AND next_attempt_at < now() - make_interval(secs => $1)
  ORDER BY next_attempt_at
  LIMIT $2`;

/** A placement still on its way: not tried yet, or tried and due again. */
export const OPEN_PLACEMENT_STATUSES = [SupplierOrderPlacementStatus.Pending, SupplierOrderPlacementStatus.Failed];

export interface PlacementFilter {
  status?: SupplierOrderPlacementStatus;
  orderId?: string;
  limit: number;
}

/**
 * The supplier order placement outbox. Rows change status only from where
 * they are expected to be (open, at the try made), so a stale job changes nothing.
 */
@Injectable()
export class SupplierOrderPlacementsRepository {
  constructor(@InjectRepository(SupplierOrderPlacement) private readonly placements: Repository<SupplierOrderPlacement>) {}

  /** In the payment's transaction; undefined when the order has one already (its payment was applied before). */
  async insert(manager: EntityManager, orderId: string, sourceEventId: string): Promise<string | undefined> {
    const rows = await manager.query<Array<{ id: string }>>(INSERT, [orderId, sourceEventId]);
    return rows[0]?.id;
  }

  find(id: string): Promise<SupplierOrderPlacement | null> {
    return this.placements.findOneBy({ id });
  }

  /** Locks it for the rest of the transaction that records a try's outcome; null when it moved on from this try. */
  async lockAt(manager: EntityManager, id: string, attempt: number): Promise<SupplierOrderPlacement | null> {
    const placement = await manager.findOne(SupplierOrderPlacement, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!placement || !OPEN_PLACEMENT_STATUSES.includes(placement.status) || placement.attempts !== attempt) return null;
    return placement;
  }

  async save(manager: EntityManager, placement: SupplierOrderPlacement): Promise<void> {
    await manager.save(placement);
  }

  /** Job ids (`<placement>.<attempts>`) of placements due more than minAgeMs ago, most overdue first. */
  async orphanJobIds(minAgeMs: number, limit: number): Promise<string[]> {
    const rows = await this.placements.query<Array<{ id: string; attempts: number }>>(ORPHANS, [minAgeMs / 1000, limit]);
    return rows.map((row) => tryJobId(row.id, row.attempts));
  }

  list(filter: PlacementFilter): Promise<SupplierOrderPlacement[]> {
    return this.placements.find({
      where: { ...(filter.status && { status: filter.status }), ...(filter.orderId && { orderId: filter.orderId }) },
      order: { createdAt: 'DESC' },
      take: filter.limit,
    });
  }

  /** Back to a first try now, if it is dead; false when it is on its way, placed or skipped (or gone). */
  async rearm(id: string): Promise<boolean> {
    const result = await this.placements
      .createQueryBuilder()
      .update(SupplierOrderPlacement)
      .set({ status: SupplierOrderPlacementStatus.Pending, attempts: 0, nextAttemptAt: () => 'now()', deadAt: null })
      .where('id = :id AND status = :status', { id, status: SupplierOrderPlacementStatus.Dead })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
