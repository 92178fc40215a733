import { Worker } from 'node:worker_threads';
import pg from 'pg';
import type { BenchOptions } from './bench-options.js';
import type { BenchStores } from './bench-stores.js';
import { fireWebhooks, type LoadFigures } from './load.js';
import type { ServerProcess } from './server-process.js';
import type { SignedEvents } from './signed-events.js';

/** Connections the attacker floods with, beside the providers' signed webhooks. */
const FLOOD_CONNECTIONS = 8;
/** The last phase, the flood with nothing beside it, measures the audit table's growth from refusals alone. */
const FLOOD_ALONE_SECONDS = 5;
/** An unsigned body of about 250 KB with one 60 KB key: what once cost 40–60 ms of event loop each in the audit redactor. */
const FLOOD_BODY = JSON.stringify({
  event: 'payment.success',
  [`k${'x'.repeat(60_000)}`]: 1,
  customer: { email: 'attacker@example.com' },
  padding: 'y'.repeat(190_000),
});

export interface AbuseFigures {
  signedConnections: number;
  floodConnections: number;
  durationSeconds: number;
  quiet: LoadFigures;
  flooded: LoadFigures;
  flood: { requests: number; rejected: number; errors: number; bodyBytes: number };
  /** Flooded p99 / quiet p99 of the signed webhooks; the goal is ≤ 1.5. */
  p99Ratio: number;
  audit: {
    rejectedRows: number;
    rejectedRowBytes: number;
    tableGrowthBytes: number;
    refusedAlone: number;
    bytesPer1000Rejected: number;
    tableGrowthPer1000Rejected: number;
  };
}

/**
 * `npm run bench -- --abuse`: signed webhooks alone, then the same while
 * several connections flood the webhook routes with unsigned requests carrying
 * large bodies and long keys (and made-up provider paths). Prints the signed
 * webhooks' p99 both ways and what the flood added to the audit table per
 * 1,000 refused requests (goals: p99 within 1.5×; under 1 MB per 1,000).
 */
export async function measureAbuse(
  server: ServerProcess,
  stores: BenchStores,
  events: SignedEvents,
  options: BenchOptions,
): Promise<AbuseFigures> {
  const signed = { connections: options.connections, durationSeconds: options.durationSeconds };
  console.log(`abuse: warming up for ${options.warmupSeconds} s`);
  await fireWebhooks(server.url, events, { connections: options.connections, durationSeconds: options.warmupSeconds });
  console.log(`abuse: signed webhooks alone, ${options.durationSeconds} s with ${options.connections} connections`);
  const quiet = await fireWebhooks(server.url, events, signed);

  const db = new pg.Pool({ connectionString: stores.databaseUrl, max: 1 });
  try {
    await settleAudit(db);
    console.log(`abuse: the same with ${FLOOD_CONNECTIONS} connections flooding unsigned ${FLOOD_BODY.length}-byte bodies`);
    const [flooded, flood] = await Promise.all([fireWebhooks(server.url, events, signed), fireFlood(server.url, options.durationSeconds)]);
    await settleAudit(db);
    // The table's growth from refusals alone: a flood with no signed webhooks beside it.
    const beforeFloodAlone = await auditSize(db);
    console.log(`abuse: the flood alone for ${FLOOD_ALONE_SECONDS} s, for the audit table's growth`);
    const floodAlone = await fireFlood(server.url, FLOOD_ALONE_SECONDS);
    await settleAudit(db);
    const tableGrowthBytes = (await auditSize(db)) - beforeFloodAlone;
    const { rows } = await db.query<{ n: string; bytes: string | null }>(
      `SELECT count(*) AS n, sum(pg_column_size(l.*)) AS bytes FROM external_api_logs l WHERE outcome NOT IN ('accepted', 'duplicate')`,
    );
    const rejectedRows = Number(rows[0].n);
    const rejectedRowBytes = Number(rows[0].bytes ?? 0);
    const per1000 = (bytes: number, refused: number) => Math.round((bytes / Math.max(1, refused)) * 1000);
    return {
      signedConnections: options.connections,
      floodConnections: FLOOD_CONNECTIONS,
      durationSeconds: options.durationSeconds,
      quiet,
      flooded,
      flood,
      p99Ratio: Math.round((flooded.latencyP99Ms / Math.max(1, quiet.latencyP99Ms)) * 100) / 100,
      audit: {
        rejectedRows,
        rejectedRowBytes,
        tableGrowthBytes,
        refusedAlone: floodAlone.rejected,
        bytesPer1000Rejected: per1000(rejectedRowBytes, flood.rejected + floodAlone.rejected),
        // Table, TOAST and indexes, as Postgres allocates them (in 8 KB pages).
        tableGrowthPer1000Rejected: per1000(tableGrowthBytes, floodAlone.rejected),
      },
    };
  } finally {
    await db.end();
  }
}

/**
 * The flood runs in a worker thread of its own: in the bench's thread, sending
 * its large bodies would delay the signed webhooks' requests there too, and
 * their latency would measure the load generator, not the service.
 */
function fireFlood(url: string, durationSeconds: number): Promise<AbuseFigures['flood']> {
  const worker = new Worker(new URL('./flood-worker.js', import.meta.url), {
    workerData: { url, durationSeconds, connections: FLOOD_CONNECTIONS, body: FLOOD_BODY },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (figures: AbuseFigures['flood']) => resolve(figures));
    worker.once('error', reject);
  });
}

/** Table, TOAST and indexes of the audit trail, in bytes. */
async function auditSize(db: pg.Pool): Promise<number> {
  const { rows } = await db.query<{ size: string }>(`SELECT pg_total_relation_size('external_api_logs') AS size`);
  return Number(rows[0].size);
}

/** Waits until the audit writer has stopped adding rows (it writes after the answers). */
async function settleAudit(db: pg.Pool): Promise<void> {
  let last = -1;
  for (;;) {
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM external_api_logs');
    const count = Number(rows[0].n);
    if (count === last) return;
    last = count;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export function abuseMarkdown(figures: AbuseFigures): string {
  const { quiet, flooded, flood, audit } = figures;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  return [
    `## Abuse: ${figures.signedConnections} signed connections, ${figures.floodConnections} flooding, ${figures.durationSeconds} s each`,
    '',
    '| signed webhooks | req/s | p50 ms | p99 ms | max ms | non-2xx |',
    '| --- | --- | --- | --- | --- | --- |',
    `| alone | ${quiet.requestsPerSecond} | ${quiet.latencyP50Ms} | ${quiet.latencyP99Ms} | ${quiet.latencyMaxMs} | ${quiet.non2xx} |`,
    `| under the flood | ${flooded.requestsPerSecond} | ${flooded.latencyP50Ms} | ${flooded.latencyP99Ms} | ${flooded.latencyMaxMs} | ${flooded.non2xx} |`,
    '',
    `p99 under the flood / alone: **${figures.p99Ratio}** (goal ≤ 1.5)`,
    '',
    `Flood: ${flood.requests} unsigned requests of ${kb(flood.bodyBytes)} (${flood.rejected} refused, ${flood.errors} errors).`,
    `Audit: ${audit.rejectedRows} rows of refused requests, ${kb(audit.rejectedRowBytes)} of row data ` +
      `(${kb(audit.bytesPer1000Rejected)} per 1,000 refused requests). The flood alone (${audit.refusedAlone} refused) grew the table ` +
      `with its indexes by ${kb(audit.tableGrowthBytes)}: **${kb(audit.tableGrowthPer1000Rejected)} per 1,000 refused requests** (goal < 1 MB; ` +
      'made-up paths add no row).',
    '',
  ].join('\n');
}
