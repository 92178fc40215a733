import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { WebhookEvent, type WebhookEventOutcome, type WebhookEventSource, WebhookEventStatus } from './webhook-event.entity.js';

// One row per (provider, dedupe key): a copy of a stored event inserts nothing and returns no id.
const INSERT_EVENT = `
  INSERT INTO webhook_events (provider, event_type, dedupe_key, reference, payload, source, request_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (provider, dedupe_key) DO NOTHING
  RETURNING id`;

const FIND_EVENT = 'SELECT id FROM webhook_events WHERE provider = $1 AND dedupe_key = $2';

// Events not finished yet (their first try, or retries, to come), committed long enough ago
// that whoever wrote them should have queued them.
const UNFINISHED = `
  SELECT id FROM webhook_events
  WHERE status IN ('pending', 'retrying') AND received_at < now() - make_interval(secs => $1)
  ORDER BY received_at
  LIMIT $2`;

/** An event as the inbox stores it on receipt. */
export interface NewWebhookEvent {
  provider: string;
  eventType: string;
  dedupeKey: string;
  reference: string | null;
  payload: object;
  source: WebhookEventSource;
  requestId: string | null;
}

/** What a processing that had an effect (or a first one without) records on the event. */
export interface ProcessingRecord {
  outcome: WebhookEventOutcome;
  note: string | null;
  attempts: number;
  processedAt: Date;
}

/**
 * The inbox table, webhook_events: the inbox writes events on receipt, the
 * dispatcher records their processing (in the transaction of the handler
 * that applies them), and domains read the events about their objects.
 */
@Injectable()
export class WebhookEventsRepository {
  constructor(@InjectRepository(WebhookEvent) private readonly events: Repository<WebhookEvent>) {}

  /** Returns the new row's id, or undefined when an event with its provider and dedupe key is stored already. */
  async insertIfNew(event: NewWebhookEvent): Promise<string | undefined> {
    const rows = (await this.events.query(INSERT_EVENT, [
      event.provider,
      event.eventType,
      event.dedupeKey,
      event.reference,
      JSON.stringify(event.payload),
      event.source,
      event.requestId,
    ])) as Array<{ id: string }>;
    return rows[0]?.id;
  }

  /** The id of the event stored under this provider and dedupe key. */
  async idOf(provider: string, dedupeKey: string): Promise<string | undefined> {
    const rows = (await this.events.query(FIND_EVENT, [provider, dedupeKey])) as Array<{ id: string }>;
    return rows[0]?.id;
  }

  forReference(reference: string): Promise<WebhookEvent[]> {
    return this.events.find({ where: { reference }, order: { receivedAt: 'ASC' } });
  }

  /** Pending or retrying events received more than minAgeMs ago, oldest first: what the sweeper checks for a job. */
  async unfinishedIds(minAgeMs: number, limit: number): Promise<string[]> {
    const rows = (await this.events.query(UNFINISHED, [minAgeMs / 1000, limit])) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }

  /** Locks the event's row for the rest of the transaction, so one try at a time processes it. */
  lockForUpdate(manager: EntityManager, id: string): Promise<WebhookEvent | null> {
    return manager.findOne(WebhookEvent, { where: { id }, lock: { mode: 'pessimistic_write' } }) as Promise<WebhookEvent | null>;
  }

  /** In the transaction of the handler that applied the event: processed, with what it did and when. */
  async markProcessed(manager: EntityManager, id: string, record: ProcessingRecord): Promise<void> {
    await manager.update(WebhookEvent, id, { status: WebhookEventStatus.Processed, lastError: null, ...record });
  }

  /**
   * A replay of an event processed before that found nothing to do: processed
   * again, its record (outcome, note, tries, processedAt) left as it was.
   */
  async markProcessedAgain(manager: EntityManager, id: string): Promise<void> {
    await manager.update(WebhookEvent, id, { status: WebhookEventStatus.Processed, lastError: null });
  }

  async save(manager: EntityManager, event: WebhookEvent): Promise<WebhookEvent> {
    return manager.save(event);
  }
}
