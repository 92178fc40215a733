import type Queue from 'bull';
import type pg from 'pg';
import { PROCESS_EVENT_JOB, processEventJobOptions } from '../src/webhooks/processing/webhook-queue.js';
import { GroupCommit } from './group-commit.js';

/** What the baselines store of one signed webhook: the app's columns for it, nothing more. */
export interface InboxRow {
  eventType: string | undefined;
  dedupeKey: string;
  reference: string | undefined;
  payload: string;
  requestId: string;
}

export interface Stored {
  status: 'accepted' | 'duplicate';
  eventId: string;
}

/** Stores one event and queues its job; resolves once both are done, when the sender may be answered. */
export type Inbox = (row: InboxRow) => Promise<Stored>;

/** A full batch: enough rows to amortise the round trip, few enough that the first is not kept waiting. */
const BATCH_MAX_ROWS = 50;
/** How long the first row of a batch waits for company (a timer of 1 ms fires after 1–2 ms). */
const BATCH_WINDOW_MS = 1;
const COLUMNS = 'provider, event_type, dedupe_key, reference, payload, source, request_id';
const PARAMETERS_PER_ROW = 5;
const FIND_EVENTS = `SELECT id, dedupe_key FROM webhook_events WHERE provider = 'payment' AND dedupe_key = ANY($1::varchar[])`;

/** One INSERT … ON CONFLICT DO NOTHING per request, a SELECT for a duplicate, one Bull `add`. */
export function perRequestInbox(pool: pg.Pool, queue: Queue.Queue, retryDelaysMs: number[]): Inbox {
  const insert = `${insertStatement(1)} RETURNING id`;
  return async (row) => {
    const inserted = await pool.query<{ id: string }>(insert, parameters([row]));
    const eventId = inserted.rows[0]?.id;
    if (!eventId) return { status: 'duplicate', eventId: (await findEvents(pool, [row.dedupeKey])).get(row.dedupeKey) ?? '' };
    await queue.add(PROCESS_EVENT_JOB, { eventId }, processEventJobOptions(eventId, retryDelaysMs));
    return { status: 'accepted', eventId };
  };
}

/**
 * Group commit: the rows of requests arriving together go into one multi-row
 * INSERT … ON CONFLICT DO NOTHING (its own transaction), their jobs into one
 * `addBulk`; each request is answered after both.
 */
export function batchedInbox(pool: pg.Pool, queue: Queue.Queue, retryDelaysMs: number[]): Inbox {
  const commit = async (rows: InboxRow[]): Promise<Stored[]> => {
    const inserted = await pool.query<{ id: string; provider: string; dedupe_key: string }>(
      `${insertStatement(rows.length)} RETURNING id, provider, dedupe_key`,
      parameters(rows),
    );
    const stored = outcomes(rows, new Map(inserted.rows.map((r) => [r.dedupe_key, r.id])));
    const missing = rows.filter((_, i) => !stored[i]).map((row) => row.dedupeKey);
    const found = missing.length > 0 ? await findEvents(pool, missing) : new Map<string, string>();
    const results = stored.map((s, i) => s ?? { status: 'duplicate' as const, eventId: found.get(rows[i].dedupeKey) ?? '' });
    const accepted = results.filter((r) => r.status === 'accepted');
    if (accepted.length > 0) {
      await queue.addBulk(
        accepted.map(({ eventId }) => ({
          name: PROCESS_EVENT_JOB,
          data: { eventId },
          opts: processEventJobOptions(eventId, retryDelaysMs),
        })),
      );
    }
    return results;
  };
  const group = new GroupCommit(commit, BATCH_MAX_ROWS, BATCH_WINDOW_MS);
  return (row) => group.add(row);
}

/**
 * Each row's outcome from the ids the INSERT returned (by dedupe key): the first
 * row of a key that was inserted is accepted; a later row of the same key in the
 * batch is its duplicate; a row whose key was stored before is left undefined,
 * to be looked up.
 */
export function outcomes(rows: InboxRow[], insertedIds: Map<string, string>): Array<Stored | undefined> {
  const claimed = new Set<string>();
  return rows.map(({ dedupeKey }) => {
    const eventId = insertedIds.get(dedupeKey);
    if (eventId === undefined) return undefined;
    if (claimed.has(dedupeKey)) return { status: 'duplicate', eventId };
    claimed.add(dedupeKey);
    return { status: 'accepted', eventId };
  });
}

/** `INSERT … VALUES (…), (…) ON CONFLICT DO NOTHING` for `rows` rows, parameters numbered as `parameters` lays them out. */
export function insertStatement(rows: number): string {
  const values = Array.from({ length: rows }, (_, i) => {
    const [a, b, c, d, e] = Array.from({ length: PARAMETERS_PER_ROW }, (_, k) => `$${i * PARAMETERS_PER_ROW + k + 1}`);
    return `('payment', ${a}, ${b}, ${c}, ${d}, 'webhook', ${e})`;
  });
  return `INSERT INTO webhook_events (${COLUMNS}) VALUES ${values.join(', ')} ON CONFLICT (provider, dedupe_key) DO NOTHING`;
}

function parameters(rows: InboxRow[]): Array<string | undefined> {
  return rows.flatMap((row) => [row.eventType, row.dedupeKey, row.reference, row.payload, row.requestId]);
}

async function findEvents(pool: pg.Pool, dedupeKeys: string[]): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ id: string; dedupe_key: string }>(FIND_EVENTS, [dedupeKeys]);
  return new Map(rows.map((r) => [r.dedupe_key, r.id]));
}
