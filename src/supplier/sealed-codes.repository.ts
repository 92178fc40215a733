import type { DataSource, EntityManager } from 'typeorm';
import { UnsealError } from '../common/security/unseal.error.js';
import { CODES_DELIVERED } from './digital-goods-notifications.js';
import { SUPPLIER_PROVIDER } from './supplier-events.js';

/** The places sealed codes are kept: the codes themselves, the customer's codes e-mails, the supplier's events in the inbox. */
export const SEALED_CODE_TABLES = ['digital_codes', 'notifications', 'webhook_events'] as const;
export type SealedCodeTable = (typeof SEALED_CODE_TABLES)[number];

/** What re-sealing does to one value: the same value under the newest key (throws when no key of the ring opens it). */
export type Reseal = (sealed: string) => string;

/** The outcome of re-sealing one table. */
export interface ResealCount {
  resealed: number;
  /** Rows with a value no key of the ring opens: left as they are. */
  unopenable: number;
}

interface SealedItem {
  code?: unknown;
  pin?: unknown;
}

/** The items array of a payload, or `[]` when the payload has none: jsonb_array_elements refuses anything but an array. */
const itemsOf = (path: string) => `jsonb_array_elements(CASE WHEN jsonb_typeof(${path}) = 'array' THEN ${path} ELSE '[]'::jsonb END)`;
/** A non-empty sealed value that does not begin with $1 (the newest key's prefix; `left`, since `_` in a key id is a LIKE wildcard). */
const stale = (value: string) => `(coalesce(${value}, '') <> '' AND left(${value}, length($1)) <> $1)`;
const staleItem = (items: string) =>
  `EXISTS (SELECT 1 FROM ${itemsOf(items)} AS item WHERE ${stale(`item->>'code'`)} OR ${stale(`item->>'pin'`)})`;

/** Rows of each table holding a value not sealed under the newest key; $1 is its prefix, `:kind` the row kind (bound by the caller). */
const STALE: Record<SealedCodeTable, { where: string; columns: string; parameters: unknown[] }> = {
  digital_codes: {
    where: `(${stale('code_sealed')} OR ${stale('pin_sealed')})`,
    columns: 'id, code_sealed, pin_sealed',
    parameters: [],
  },
  notifications: {
    where: `template = :kind AND ${staleItem(`payload->'items'`)}`,
    columns: 'id, payload',
    parameters: [CODES_DELIVERED],
  },
  webhook_events: {
    where: `provider = :kind AND ${staleItem(`payload->'data'->'items'`)}`,
    columns: 'id, payload',
    parameters: [SUPPLIER_PROVIDER],
  },
};

/**
 * Finds and re-seals the sealed codes that are not under the newest key of
 * CODES_ENCRYPTION_KEY's ring, for `npm run codes:reseal`. Row by row in
 * batches, each batch in a transaction that locks its rows, so the running
 * service can go on reading and writing them.
 */
export class SealedCodesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Rows of `table` that hold a value not under the key whose sealed values begin with `currentPrefix`. */
  async countStale(table: SealedCodeTable, currentPrefix: string): Promise<number> {
    const { where, parameters } = STALE[table];
    const [{ n }] = await this.dataSource.query<Array<{ n: string }>>(
      `SELECT count(*) AS n FROM ${table} WHERE ${where.replace(':kind', '$2')}`,
      [currentPrefix, ...parameters],
    );
    return Number(n);
  }

  /** Re-seals every stale row of `table`, `batchSize` rows per transaction. */
  async resealAll(table: SealedCodeTable, currentPrefix: string, reseal: Reseal, batchSize = 500): Promise<ResealCount> {
    const count: ResealCount = { resealed: 0, unopenable: 0 };
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const batch = await this.dataSource.transaction((manager) =>
        this.resealBatch(manager, table, currentPrefix, after, reseal, batchSize),
      );
      count.resealed += batch.resealed;
      count.unopenable += batch.unopenable;
      if (batch.last === undefined) return count;
      after = batch.last;
    }
  }

  private async resealBatch(
    manager: EntityManager,
    table: SealedCodeTable,
    currentPrefix: string,
    after: string,
    reseal: Reseal,
    limit: number,
  ): Promise<ResealCount & { last?: string }> {
    const { where, columns, parameters } = STALE[table];
    const rows = await manager.query<Array<Record<string, unknown> & { id: string }>>(
      `SELECT ${columns} FROM ${table} WHERE ${where.replace(':kind', '$3')} AND id > $2 ORDER BY id LIMIT ${Number(limit)} FOR UPDATE`,
      [currentPrefix, after, ...parameters],
    );
    const count: ResealCount & { last?: string } = { resealed: 0, unopenable: 0, last: rows.at(-1)?.id };
    for (const row of rows) {
      let update: [string, unknown[]];
      try {
        update = resealedRow(table, row, reseal);
      } catch (error) {
        if (!(error instanceof UnsealError)) throw error;
        count.unopenable += 1;
        continue;
      }
      await manager.query(...update);
      count.resealed += 1;
    }
    return count;
  }
}

/** The UPDATE that stores a row's values re-sealed; throws UnsealError when one cannot be opened. */
function resealedRow(table: SealedCodeTable, row: Record<string, unknown>, reseal: Reseal): [string, unknown[]] {
  if (table === 'digital_codes') {
    return [
      'UPDATE digital_codes SET code_sealed = $2, pin_sealed = $3 WHERE id = $1',
      [row.id, resealed(row.code_sealed, reseal), resealed(row.pin_sealed, reseal)],
    ];
  }
  const payload = structuredClone(row.payload) as { items?: unknown; data?: { items?: unknown } };
  const items = (table === 'notifications' ? payload.items : payload.data?.items) as SealedItem[];
  for (const item of items) Object.assign(item, { code: resealed(item.code, reseal), pin: resealed(item.pin, reseal) });
  return [`UPDATE ${table} SET payload = $2 WHERE id = $1`, [row.id, payload]];
}

function resealed(value: unknown, reseal: Reseal): unknown {
  return typeof value === 'string' && value !== '' ? reseal(value) : value;
}
