import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { lockById } from '../../common/database/lock-by-id.js';
import { preparedStatement, queryPrepared } from '../../common/database/prepared-statement.js';
import { whereGiven } from '../../common/database/where-given.js';
import { WebhookEvent, type WebhookEventOutcome, type WebhookEventSource, WebhookEventStatus } from './webhook-event.entity.js';

const EVENT_COLUMNS = 'provider, event_type, dedupe_key, reference, payload, source, request_id, status, body_sha256';
const PARAMETERS_PER_EVENT = 9;

// One row per (provider, dedupe key): a copy of a stored event inserts nothing and returns nothing.
// Several events go in one statement, so in one commit; RETURNING names the rows it inserted.
const insertEvents = (count: number) => `
  INSERT INTO webhook_events (${EVENT_COLUMNS})
  VALUES ${Array.from({ length: count }, (_, row) => valuesRow(row)).join(', ')}
  ON CONFLICT (provider, dedupe_key) DO NOTHING
  RETURNING id, provider, dedupe_key AS "dedupeKey"`;

const valuesRow = (row: number) =>
  `(${Array.from({ length: PARAMETERS_PER_EVENT }, (_, column) => `$${row * PARAMETERS_PER_EVENT + column + 1}`).join(', ')})`;

// Copies of stored events, matched to their rows in one statement. A copy whose body hash differs
// is a conflict, counted on the stored event (once per copy); either hash unknown (a row from
// before hashes were kept, or reconciliation's own entry) is no conflict. One row per copy found,
// `n` its position in the arrays (from 1).
const MATCH_STORED = `
  WITH given AS (
    SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::char(64)[]) WITH ORDINALITY AS g(provider, dedupe_key, body_sha256, n)
  ), matched AS (
    SELECT g.n, e.id, e.event_type, e.reference, e.conflicts,
           (e.body_sha256 IS NOT NULL AND g.body_sha256 IS NOT NULL AND e.body_sha256 <> g.body_sha256) AS conflict
    FROM given g JOIN webhook_events e ON e.provider = g.provider AND e.dedupe_key = g.dedupe_key
  ), counted AS (
    UPDATE webhook_events e SET conflicts = e.conflicts + c.times, last_conflict_at = now()
    FROM (SELECT id, count(*)::int AS times FROM matched WHERE conflict GROUP BY id) c
    WHERE e.id = c.id
    RETURNING e.id, e.conflicts
  )
  SELECT m.n::int AS n, m.id, m.event_type AS "eventType", m.reference, m.conflict, coalesce(c.conflicts, m.conflicts) AS conflicts
  FROM matched m LEFT JOIN counted c ON c.id = m.id`;

// Once per event processed: plain SQL, as an UpdateQueryBuilder costs more CPU than the round trip.
const MARK_PROCESSED = preparedStatement(
  'webhook_events.mark_processed',
  `UPDATE webhook_events SET status = 'processed', last_error = NULL, outcome = $2, note = $3, attempts = $4, processed_at = $5
  WHERE id = $1`,
);

// Events not finished yet (their first try, or retries, to come), committed long enough ago
// that whoever wrote them should have queued them.
const UNFINISHED = `
  SELECT id FROM webhook_events
  WHERE status IN ('pending', 'retrying') AND received_at < now() - make_interval(secs => $1)
  ORDER BY received_at
  LIMIT $2`;

// A replay sets finished events back to pending; those no longer in one of the statuses $2
// (already replayed, or still on their way), and those whose payload the retention purge
// emptied (nothing left to run), are left alone and not returned.
const RESET_FOR_REPLAY = `
  UPDATE webhook_events SET status = 'pending'
  WHERE id = ANY($1::uuid[]) AND status = ANY($2::varchar[]) AND payload_purged_at IS NULL
  RETURNING id`;

// ROLLUP adds the all-providers row (provider NULL) to the per-provider ones.
const FIGURES = `
  SELECT provider,
    count(*)::int AS received,
    count(*) FILTER (WHERE status = 'processed')::int AS processed,
    count(*) FILTER (WHERE status = 'processed' AND outcome = 'no_effect')::int AS no_effect,
    count(*) FILTER (WHERE status = 'dead')::int AS dead,
    count(*) FILTER (WHERE status IN ('pending', 'retrying'))::int AS in_flight,
    coalesce(sum(CASE WHEN status = 'processed' THEN greatest(attempts - 1, 0) ELSE attempts END), 0)::int AS failed_tries,
    avg(extract(epoch FROM processed_at - received_at) * 1000) FILTER (WHERE status = 'processed') AS mean_ms,
    percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - received_at) * 1000)
      FILTER (WHERE status = 'processed') AS p95_ms
  FROM webhook_events
  WHERE received_at >= $1 AND received_at < $2 AND ($3::varchar IS NULL OR provider = $3)
  GROUP BY ROLLUP (provider)
  ORDER BY provider NULLS FIRST`;

const DEAD_LETTERS = "SELECT count(*)::int AS dead FROM webhook_events WHERE status = 'dead' AND ($1::varchar IS NULL OR provider = $1)";

const DEAD_BY_PROVIDER = "SELECT provider, count(*)::int AS dead FROM webhook_events WHERE status = 'dead' GROUP BY provider";

/** An event as the inbox stores it on receipt. */
export interface NewWebhookEvent {
  provider: string;
  eventType: string;
  dedupeKey: string;
  reference: string | null;
  payload: object;
  source: WebhookEventSource;
  requestId: string | null;
  /** Pending (to be processed) or Ignored (kept for the record only). */
  status: WebhookEventStatus.Pending | WebhookEventStatus.Ignored;
  /** SHA-256 (hex) of the verified body; null when there is none to compare (reconciliation). */
  bodySha256: string | null;
}

/** Names the row of an event: one per (provider, dedupe key). */
export interface EventKey {
  provider: string;
  dedupeKey: string;
}

/** A row the inbox inserted. */
export interface InsertedEvent extends EventKey {
  id: string;
}

/** A copy of a stored event, as matchStored finds it. */
export interface StoredCopy {
  provider: string;
  dedupeKey: string;
  bodySha256: string | null;
}

/** The stored event a conflicting delivery reused the key of, with its conflicts counted. */
export interface ConflictedEvent {
  id: string;
  eventType: string;
  reference: string | null;
  conflicts: number;
}

/** The stored event a copy matched: `conflict` when their bodies differ (then counted on it). */
export interface StoredMatch extends ConflictedEvent {
  conflict: boolean;
}

/** What a processing that had an effect (or a first one without) records on the event. */
export interface ProcessingRecord {
  outcome: WebhookEventOutcome;
  note: string | null;
  attempts: number;
  processedAt: Date;
}

/** Which events an operator means; every field given narrows the selection. */
export interface WebhookEventFilter {
  provider?: string;
  eventType?: string;
  status?: WebhookEventStatus;
  source?: WebhookEventSource;
  /** The event's reference: the order (or other object) it is about. */
  orderId?: string;
  /** Received at or after (ISO 8601). */
  from?: string;
  /** Received before (ISO 8601). */
  to?: string;
  /** Only events whose dedupe key was reused with another body. */
  conflicted?: boolean;
}

/** One row of the processing figures over a time window; `provider` null for all providers together. */
export interface EventFiguresRow {
  provider: string | null;
  received: number;
  processed: number;
  no_effect: number;
  dead: number;
  in_flight: number;
  failed_tries: number;
  mean_ms: string | number | null;
  p95_ms: string | number | null;
}

/**
 * The inbox table, webhook_events: the inbox writes events on receipt, the
 * dispatcher records their processing (in the transaction of the handler
 * that applies them), domains read the events about their objects, and
 * operators browse, replay and count them.
 */
@Injectable()
export class WebhookEventsRepository {
  constructor(@InjectRepository(WebhookEvent) private readonly events: Repository<WebhookEvent>) {}

  /**
   * Inserts the events in one statement (one commit) and returns the rows it inserted; an event
   * whose provider and dedupe key are stored already (or come earlier in `events`) inserts nothing.
   */
  insertMany(events: NewWebhookEvent[]): Promise<InsertedEvent[]> {
    const parameters = events.flatMap((event) => [
      event.provider,
      event.eventType,
      event.dedupeKey,
      event.reference,
      JSON.stringify(event.payload),
      event.source,
      event.requestId,
      event.status,
      event.bodySha256,
    ]);
    return this.events.query<InsertedEvent[]>(insertEvents(events.length), parameters);
  }

  /**
   * The stored event of each copy, by the copy's index in `copies` (absent: none stored), counting
   * a conflict on it for each copy whose body hash differs.
   */
  async matchStored(copies: StoredCopy[]): Promise<Map<number, StoredMatch>> {
    const rows = await this.events.query<Array<StoredMatch & { n: number }>>(MATCH_STORED, [
      copies.map((copy) => copy.provider),
      copies.map((copy) => copy.dedupeKey),
      copies.map((copy) => copy.bodySha256),
    ]);
    return new Map(rows.map(({ n, ...match }) => [n - 1, match]));
  }

  forReference(reference: string): Promise<WebhookEvent[]> {
    return this.events.find({ where: { reference }, order: { receivedAt: 'ASC' } });
  }

  /** Pending or retrying events received more than minAgeMs ago, oldest first: what the sweeper checks for a job. */
  async unfinishedIds(minAgeMs: number, limit: number): Promise<string[]> {
    const rows = await this.events.query<Array<{ id: string }>>(UNFINISHED, [minAgeMs / 1000, limit]);
    return rows.map((row) => row.id);
  }

  /** Locks the event's row for the rest of the transaction, so one try at a time processes it. */
  lockForUpdate(manager: EntityManager, id: string): Promise<WebhookEvent | null> {
    return lockById<WebhookEvent>(manager, WebhookEvent, id);
  }

  /** In the transaction of the handler that applied the event: processed, with what it did and when. */
  async markProcessed(manager: EntityManager, id: string, record: ProcessingRecord): Promise<void> {
    await queryPrepared(manager, MARK_PROCESSED, [id, record.outcome, record.note, record.attempts, record.processedAt]);
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

  // Operators: browsing and replay.

  findById(id: string): Promise<WebhookEvent | null> {
    return this.events.findOneBy({ id });
  }

  /** The event's status, or undefined when there is no such event. */
  async statusOf(id: string): Promise<WebhookEventStatus | undefined> {
    const event = await this.events.findOne({ where: { id }, select: { id: true, status: true } });
    return event?.status;
  }

  /** One page of the events the filter names, newest first, and how many it names in all. */
  page(filter: WebhookEventFilter, page: number, pageSize: number): Promise<[WebhookEvent[], number]> {
    return this.selecting(filter)
      .orderBy('event.receivedAt', 'DESC')
      .addOrderBy('event.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
  }

  /** Ids of the events the filter names, oldest first, at most limit. */
  async idsMatching(filter: WebhookEventFilter, limit: number): Promise<string[]> {
    const rows = await this.selecting(filter)
      .select('event.id', 'id')
      .orderBy('event.receivedAt', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  /** Sets the events among ids that are in one of the statuses, payload kept, back to pending; returns the ids of those set. */
  async resetForReplay(ids: string[], statuses: WebhookEventStatus[]): Promise<string[]> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const [rows] = await this.events.query<[Array<{ id: string }>, number]>(RESET_FOR_REPLAY, [ids, statuses]);
    return rows.map((row) => row.id);
  }

  // Monitoring figures.

  /** Processing figures of the events received in [from, to), by provider and (provider null) in all; one provider's when given. */
  figures(from: Date, to: Date, provider: string | null): Promise<EventFiguresRow[]> {
    return this.events.query<EventFiguresRow[]>(FIGURES, [from, to, provider]);
  }

  /** Dead events not replayed, received whenever; one provider's when given. */
  async deadLetterCount(provider: string | null): Promise<number> {
    const [{ dead }] = await this.events.query<Array<{ dead: number }>>(DEAD_LETTERS, [provider]);
    return dead;
  }

  /** Dead events not replayed, per provider that has any. */
  deadLettersByProvider(): Promise<Array<{ provider: string; dead: number }>> {
    return this.events.query<Array<{ provider: string; dead: number }>>(DEAD_BY_PROVIDER);
  }

  /** The events the filter names (alias `event`). */
  private selecting(filter: WebhookEventFilter): SelectQueryBuilder<WebhookEvent> {
    return whereGiven(
      this.events.createQueryBuilder('event'),
      [
        [filter.provider, 'event.provider = :provider'],
        [filter.eventType, 'event.eventType = :eventType'],
        [filter.status, 'event.status = :status'],
        [filter.source, 'event.source = :source'],
        [filter.orderId, 'event.reference = :orderId'],
        [filter.from, 'event.receivedAt >= :from'],
        [filter.to, 'event.receivedAt < :to'],
        [filter.conflicted || undefined, 'event.conflicts > 0'],
      ],
      filter,
    );
  }
}
