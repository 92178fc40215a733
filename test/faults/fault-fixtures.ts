import { PAYMENT_EXAMPLES } from '../../src/payment/payment-events.js';
import type { TestDatabase } from '../support/test-database.js';
import type { TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

/** The seed payment.success for one order; each order's event is a distinct event. */
export const paymentSuccessFor = (orderId: string) => ({
  ...PAYMENT_EXAMPLES['payment.success'],
  order_id: orderId,
  payment_id: `pay_${orderId}`,
});

/** Orders written straight to the database (fault tests need many, fast), all pending payment. */
export async function createOrders(db: TestDatabase, prefix: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `ORD-${prefix}-${i}`);
  await db.query(
    `INSERT INTO orders (id, amount, currency, kind, customer_email) SELECT unnest($1::text[]), 2499.00, 'INR', 'physical', 'buyer@example.com'`,
    [ids],
  );
  return ids;
}

/** Runs `task` over `items` with at most `concurrency` in flight, keeping the order of results. */
export async function inParallel<T, R>(items: readonly T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

export interface EventCounts {
  stored: number;
  processed: number;
  applied: number;
  unfinished: number;
}

export async function eventCounts(db: TestDatabase): Promise<EventCounts> {
  const [row] = await db.query<Record<keyof EventCounts, string>>(`
    SELECT count(*) AS stored,
           count(*) FILTER (WHERE status = 'processed') AS processed,
           count(*) FILTER (WHERE outcome = 'applied') AS applied,
           count(*) FILTER (WHERE status NOT IN ('processed', 'dead')) AS unfinished
    FROM webhook_events`);
  return { stored: Number(row.stored), processed: Number(row.processed), applied: Number(row.applied), unfinished: Number(row.unfinished) };
}

/** Waits until every stored event is processed (or dead), and at least `expected` are stored. */
export function allSettled(db: TestDatabase, expected: number, timeoutMs = 30_000): Promise<EventCounts> {
  return waitFor(
    async () => {
      const counts = await eventCounts(db);
      return counts.stored >= expected && counts.unfinished === 0 ? counts : undefined;
    },
    { timeoutMs, intervalMs: 100, what: `${expected} events settled` },
  );
}

export async function paidOrders(db: TestDatabase, prefix: string): Promise<number> {
  const [row] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM orders WHERE id LIKE $1 AND payment_status = 'paid'`, [
    `ORD-${prefix}-%`,
  ]);
  return Number(row.n);
}

export async function statusOf(app: TestApp, path: string): Promise<number> {
  return (await fetch(`${app.url}${path}`)).status;
}

/** Payment e-mails written to the outbox for the orders of `prefix`: one per applied payment.success, never two. */
export async function paymentEmails(db: TestDatabase, prefix: string): Promise<{ rows: number; orders: number }> {
  const [row] = await db.query<{ rows: string; orders: string }>(
    `SELECT count(*) AS rows, count(DISTINCT payload->>'orderId') AS orders FROM notifications WHERE template = 'payment.confirmed' AND payload->>'orderId' LIKE $1`,
    [`ORD-${prefix}-%`],
  );
  return { rows: Number(row.rows), orders: Number(row.orders) };
}
