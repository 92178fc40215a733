import pg from 'pg';
import { allSettled, createOrders, inParallel, paidOrders, paymentEmails, paymentSuccessFor } from './faults/fault-fixtures.js';
import { TestApp } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

const DISTINCT = 30;
const COPIES = 10;

/**
 * The group commit of the inbox (WebhookInboxWriter) over real HTTP, Postgres,
 * Redis and workers: events held back together (the inbox table locked) are
 * stored by shared INSERTs, copies of one event among them included.
 */
describe('inbox group commit: concurrent signed webhooks, copies of one event among them', () => {
  let app: TestApp;
  let worker: TestApp | undefined;

  beforeAll(async () => {
    // API only: no worker rewrites the rows before the test has seen which transaction inserted them.
    // A window long enough that the requests sent while the first batch waits gather in few batches.
    app = await TestApp.start({ env: { APP_ROLE: 'api', WEBHOOK_INBOX_BATCH_WINDOW_MS: '100' } });
  });

  afterAll(async () => {
    await worker?.stop();
    await app?.stop();
  });

  it('stores and applies each event once: the copies are duplicates of it, one with another body a conflict', async () => {
    const orders = await createOrders(app.db, 'GROUP', DISTINCT + 1);
    const [twice, ...others] = orders;
    const copied = JSON.stringify(paymentSuccessFor(twice));
    const corrected = JSON.stringify({ ...paymentSuccessFor(twice), amount: 1.0 });

    // Holding the table makes the first batch wait, so the rest gather behind it.
    const blocker = new pg.Client({ connectionString: app.db.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE webhook_events IN SHARE MODE');
    const firstAnswer = app.post('payment', paymentSuccessFor(others[0]));
    await waitFor(async () => (await batchesWaiting()) >= 1, { what: 'the first batch waiting' });
    const bodies = [
      ...Array<string>(COPIES).fill(copied),
      corrected,
      ...others.slice(1).map((id) => JSON.stringify(paymentSuccessFor(id))),
    ];
    const answering = inParallel(bodies, bodies.length, async (body) => ({ body, answer: await app.post('payment', body) }));
    // Until no more batches come (at most DATABASE_POOL_SIZE wait in Postgres, the rest gather in the writer).
    let seen = -1;
    await waitFor(
      async () => {
        const waiting = await batchesWaiting();
        const steady = waiting >= 2 && waiting === seen;
        seen = waiting;
        return steady;
      },
      { what: 'the batches behind the first', intervalMs: 400 },
    );
    await blocker.query('ROLLBACK');
    await blocker.end();

    const answers = [{ body: '', answer: await firstAnswer }, ...(await answering)];
    expect(answers.filter(({ answer }) => answer.status !== 200)).toEqual([]);
    // Rows inserted by one statement share its transaction id (xmin): fewer transactions than events.
    const [{ transactions }] = await app.db.query<{ transactions: number }>(
      'SELECT count(DISTINCT xmin::text)::int AS transactions FROM webhook_events',
    );
    expect(transactions).toBeLessThan(DISTINCT + 1);

    const ofCopied = answers.filter(({ body }) => body === copied).map(({ answer }) => answer.body);
    const storedId = ofCopied.find((receipt) => receipt.status === 'accepted')?.eventId;
    expect(ofCopied.filter((receipt) => receipt.status === 'accepted')).toHaveLength(1);
    expect(ofCopied.filter((receipt) => receipt.status === 'duplicate')).toHaveLength(COPIES - 1);
    expect(new Set(ofCopied.map((receipt) => receipt.eventId))).toEqual(new Set([storedId]));
    const ofCorrected = answers.find(({ body }) => body === corrected)?.answer.body;
    expect(ofCorrected).toEqual({ status: 'conflict', eventId: storedId });

    worker = await TestApp.start({ database: app.db, queuePrefix: app.config.redis.queuePrefix, env: { APP_ROLE: 'worker' } });
    const counts = await allSettled(app.db, DISTINCT + 1);
    expect(counts).toEqual({ stored: DISTINCT + 1, processed: DISTINCT + 1, applied: DISTINCT + 1, unfinished: 0 });
    expect(await app.event(storedId as string)).toMatchObject({ conflicts: 1, payload: JSON.parse(copied) });
    expect(await paidOrders(app.db, 'GROUP')).toBe(DISTINCT + 1);
    expect(await paymentEmails(app.db, 'GROUP')).toEqual({ rows: DISTINCT + 1, orders: DISTINCT + 1 });
  });

  /** Batches waiting for the lock on the inbox table (matching stored keys, or inserting). */
  const batchesWaiting = async () =>
    Number(
      (
        await app.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%webhook_events%'`,
        )
      )[0].n,
    );
});
