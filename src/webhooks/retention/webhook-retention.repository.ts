import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { WebhookEvent } from '../inbox/webhook-event.entity.js';

// Each statement is one short transaction over at most $2 rows. SKIP LOCKED passes over rows a
// worker or a replay holds; the row lock re-checks the status, so an event replayed meanwhile
// (pending again) is left alone. The statuses are spelled out so the partial index applies, and
// ORDER BY received_at (oldest first) keeps the planner on the index: with a bare LIMIT it may
// bet on a sequential scan meeting matches early. `id = ANY(ARRAY(…))` makes the selection one
// InitPlan and the outer statement a primary-key lookup; with `id IN (…)` Postgres may
// hash-join it against a scan of the whole table.
const EMPTY_PAYLOADS = `
  UPDATE webhook_events SET payload = '{}', payload_purged_at = now()
  WHERE id = ANY(ARRAY(
    SELECT id FROM webhook_events
    WHERE status IN ('processed', 'ignored') AND payload_purged_at IS NULL AND received_at < now() - make_interval(days => $1)
    ORDER BY received_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
  ))`;

const DELETE_FINISHED = `
  DELETE FROM webhook_events
  WHERE id = ANY(ARRAY(
    SELECT id FROM webhook_events
    WHERE status IN ('processed', 'ignored') AND received_at < now() - make_interval(days => $1)
    ORDER BY received_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
  ))`;

// An operator giving up on dead events; the (status, received_at) index selects them.
const DELETE_DEAD = `
  DELETE FROM webhook_events
  WHERE id = ANY(ARRAY(
    SELECT id FROM webhook_events
    WHERE status = 'dead' AND received_at < $1 AND ($2::varchar IS NULL OR provider = $2)
    ORDER BY received_at
    LIMIT $3
    FOR UPDATE SKIP LOCKED
  ))`;

/**
 * The purges of webhook_events: WebhookRetentionService's, and the operator's of dead events. No
 * table references webhook_events by a foreign key: domain rows that name an
 * event (shipment scans, points ledger, refund requests, integration events,
 * supplier placements, notification dedupe keys) keep its id as plain data,
 * so deleting an event neither fails nor takes a domain record with it.
 */
@Injectable()
export class WebhookRetentionRepository {
  constructor(@InjectRepository(WebhookEvent) private readonly events: Repository<WebhookEvent>) {}

  /** Empties (to `{}`) at most limit payloads of processed or ignored events received over days ago; returns how many. */
  emptyPayloads(days: number, limit: number): Promise<number> {
    return this.affected(EMPTY_PAYLOADS, [days, limit]);
  }

  /** Deletes at most limit processed or ignored events received over days ago; returns how many. */
  deleteFinished(days: number, limit: number): Promise<number> {
    return this.affected(DELETE_FINISHED, [days, limit]);
  }

  /** Deletes at most limit dead events received before receivedBefore, of one provider when given; returns how many. */
  deleteDead(receivedBefore: Date, provider: string | null, limit: number): Promise<number> {
    return this.affected(DELETE_DEAD, [receivedBefore, provider, limit]);
  }

  /** When the purge emptied the event's payload; null when it has not (or there is no such event). */
  async payloadPurgedAt(id: string): Promise<Date | null> {
    const event = await this.events.findOne({ where: { id }, select: { id: true, payloadPurgedAt: true } });
    return event?.payloadPurgedAt ?? null;
  }

  private async affected(statement: string, parameters: unknown[]): Promise<number> {
    // TypeORM answers an UPDATE or DELETE with [rows, affected count].
    const [, count] = await this.events.query<[unknown, number]>(statement, parameters);
    return count;
  }
}
