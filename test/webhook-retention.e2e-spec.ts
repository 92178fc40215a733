import pg from 'pg';
import { RunLock } from '../src/database/run-locks.repository.js';
import { PAYMENT_EXAMPLES } from '../src/payment/payment-events.js';
import { WebhookRetentionRepository } from '../src/webhooks/retention/webhook-retention.repository.js';
import { WebhookRetentionService } from '../src/webhooks/retention/webhook-retention.service.js';
import { TestApp } from './support/test-app.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('inbox retention: WEBHOOK_RETENTION_DAYS=7 (HTTP, Postgres, Redis, Bull worker)', () => {
  let app: TestApp;
  let retention: WebhookRetentionService;

  beforeAll(async () => {
    app = await TestApp.start({
      env: {
        WEBHOOK_RETENTION_DAYS: '7',
        // Small batches, so a purge takes several statements; the schedule never fires during the test.
        WEBHOOK_PURGE_BATCH_SIZE: '2',
        WEBHOOK_PURGE_INTERVAL_MS: '3600000',
        // Seeded pending and retrying rows stay as seeded: no sweeper queues them.
        SWEEPER_INTERVAL_MS: '3600000',
      },
    });
    retention = app.app.get(WebhookRetentionService);
  });

  afterAll(() => app?.stop());

  /** Inserts count inbox rows of `status`, received ageDays ago, with dedupe keys `<tag>-<n>`. */
  const seed = (tag: string, status: string, ageDays: number, count = 1, provider = 'payment') =>
    app.db.query(
      `INSERT INTO webhook_events (provider, event_type, dedupe_key, payload, status, received_at)
       SELECT $5, 'payment.success', $1::text || '-' || n, '{"seeded": true}', $2, now() - make_interval(days => $3::int)
       FROM generate_series(1, $4::int) AS n`,
      [tag, status, ageDays, count, provider],
    );

  const rowsOf = (tag: string) =>
    app.db.query<{ status: string; payload: object; payload_purged_at: Date | null }>(
      "SELECT status, payload, payload_purged_at FROM webhook_events WHERE dedupe_key LIKE $1::text || '-%'",
      [tag],
    );

  const purgedCounted = async (kind: string) => {
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    const line = metrics.split('\n').find((l) => l.startsWith(`webhook_events_purged_total{kind="${kind}"}`));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  // First in the file, on an empty inbox, so the counts are this test's alone.
  it('deletes processed and ignored events past 30 days, empties the payloads past 7 days, and keeps dead, pending, retrying and recent ones', async () => {
    await seed('old-processed', 'processed', 40, 5);
    await seed('old-ignored', 'ignored', 40, 3);
    await seed('old-dead', 'dead', 40, 2);
    await seed('old-pending', 'pending', 40);
    await seed('old-retrying', 'retrying', 40);
    await seed('mid-processed', 'processed', 20, 3);
    await seed('mid-ignored', 'ignored', 20);
    await seed('recent-processed', 'processed', 3, 2);

    // Batches of 2: the purge loops until a statement finds fewer rows.
    expect(await retention.purge()).toEqual({ deleted: 8, payloadsEmptied: 4 });

    expect(await rowsOf('old-processed')).toEqual([]);
    expect(await rowsOf('old-ignored')).toEqual([]);
    for (const tag of ['old-dead', 'old-pending', 'old-retrying', 'recent-processed']) {
      for (const row of await rowsOf(tag)) expect([tag, row.payload, row.payload_purged_at]).toEqual([tag, { seeded: true }, null]);
    }
    expect(await rowsOf('old-dead')).toHaveLength(2);
    for (const tag of ['mid-processed', 'mid-ignored']) {
      for (const row of await rowsOf(tag)) expect([tag, row.payload, row.payload_purged_at]).toEqual([tag, {}, expect.any(Date)]);
    }
    expect(await rowsOf('mid-processed')).toHaveLength(3);

    expect(await purgedCounted('deleted')).toBe(8);
    expect(await purgedCounted('payload_emptied')).toBe(4);
    // Nothing left to do: a second run purges nothing.
    expect(await retention.purge()).toEqual({ deleted: 0, payloadsEmptied: 0 });
  });

  it('deletes and empties at most a batch of rows per statement', async () => {
    const statements = app.app.get(WebhookRetentionRepository);
    await seed('batch-mid', 'processed', 20, 5);
    expect(await statements.emptyPayloads(7, 2)).toBe(2);
    expect((await rowsOf('batch-mid')).filter((row) => row.payload_purged_at)).toHaveLength(2);
    await seed('batch-old', 'processed', 40, 5);
    expect(await statements.deleteFinished(30, 2)).toBe(2);
    expect(await rowsOf('batch-old')).toHaveLength(3);

    await retention.purge();
    expect(await rowsOf('batch-old')).toEqual([]);
    expect((await rowsOf('batch-mid')).filter((row) => row.payload_purged_at)).toHaveLength(5);
  });

  it('answers a 20-day-old event (payload purged, dedupe key kept) duplicate, or conflict with another body; refuses to replay it', async () => {
    const order = await app.createOrder();
    const id = order.id as string;
    const capture = { ...PAYMENT_EXAMPLES['payment.success'], order_id: id, event_id: `evt_${id}` };
    const first = await app.post('payment', capture);
    const eventId = first.body.eventId as string;
    expect(await app.settled(eventId)).toMatchObject({ status: 'processed', outcome: 'applied' });
    await app.db.query("UPDATE webhook_events SET received_at = now() - interval '20 days' WHERE id = $1", [eventId]);

    await retention.purge();
    expect(await app.event(eventId)).toMatchObject({ payload: {}, payload_purged_at: expect.any(Date), body_sha256: expect.any(String) });

    expect((await app.post('payment', capture)).body).toEqual({ status: 'duplicate', eventId });
    expect((await app.post('payment', { ...capture, amount: 1.0 })).body).toEqual({ status: 'conflict', eventId });

    const replay = await app.api(`/api/v2/admin/webhook-events/${eventId}/replay`, { method: 'POST' });
    expect(replay.status).toBe(409);
    expect(replay.body.message).toMatch(/payload was purged/);
    const bulk = await app.api('/api/v2/admin/webhook-events/replay', { method: 'POST', body: { status: 'processed', orderId: id } });
    expect(bulk.body).toEqual({ replayed: 0, eventIds: [] });
    expect(await app.event(eventId)).toMatchObject({ status: 'processed' });
    const detail = await app.api(`/api/v2/admin/webhook-events/${eventId}`);
    expect(detail.body).toMatchObject({ payload: {}, payloadPurgedAt: expect.any(String) });

    // At 30 days the row, and its dedupe key, go too.
    await app.db.query("UPDATE webhook_events SET received_at = now() - interval '31 days' WHERE id = $1", [eventId]);
    await retention.purge();
    expect(await app.event(eventId)).toBeUndefined();
    expect((await app.order(id)).paymentStatus).toBe('paid');
  });

  it('takes webhooks while a purge runs: the purge holds no lock that ingest waits for', async () => {
    await seed('flood', 'processed', 40, 1000);
    let purgeDone = false;
    const purging = retention.purge().then((counts) => {
      purgeDone = true;
      return counts;
    });

    const order = await app.createOrder();
    const accepted = await app.post('payment', {
      ...PAYMENT_EXAMPLES['payment.success'],
      order_id: order.id,
      event_id: `evt_${order.id as string}`,
    });
    expect(accepted.body.status).toBe('accepted');
    // Answered while the purge (500 statements of 2 rows) was still under way.
    expect(purgeDone).toBe(false);

    expect((await purging).deleted).toBeGreaterThanOrEqual(1000);
    expect(await rowsOf('flood')).toEqual([]);
    expect(await app.settled(accepted.body.eventId as string)).toMatchObject({ status: 'processed', outcome: 'applied' });
  });

  it('runs on one replica at a time: while another holds the lock, a purge does nothing', async () => {
    await seed('locked-out', 'processed', 40);
    const otherReplica = new pg.Client({ connectionString: app.db.url });
    await otherReplica.connect();
    try {
      await otherReplica.query('SELECT pg_advisory_lock($1)', [RunLock.WebhookRetention]);
      expect(await retention.purge()).toEqual({ deleted: 0, payloadsEmptied: 0 });
      expect(await rowsOf('locked-out')).toHaveLength(1);
    } finally {
      await otherReplica.end();
    }
    expect((await retention.purge()).deleted).toBe(1);
    expect(await rowsOf('locked-out')).toEqual([]);
  });

  describe('POST /api/v2/admin/webhook-events/purge-dead', () => {
    const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
    const purgeDead = (body: unknown, apiKey?: string | null) =>
      app.api('/api/v2/admin/webhook-events/purge-dead', { method: 'POST', body, apiKey });

    it("deletes the provider's dead events received before the date, and no others", async () => {
      await seed('dead-old-payment', 'dead', 60, 3);
      await seed('dead-young-payment', 'dead', 40);
      await seed('dead-old-shipping', 'dead', 60, 1, 'shipping');
      await seed('processed-old-payment', 'processed', 60);
      const before = await purgedCounted('dead_deleted');

      const response = await purgeDead({ receivedBefore: daysAgo(50), provider: 'payment' });
      expect(response.status).toBe(200);
      expect(response.body.purged).toBeGreaterThanOrEqual(3);
      expect(await rowsOf('dead-old-payment')).toEqual([]);
      expect(await rowsOf('dead-young-payment')).toHaveLength(1);
      expect(await rowsOf('dead-old-shipping')).toHaveLength(1);
      expect(await rowsOf('processed-old-payment')).toHaveLength(1);
      expect(await purgedCounted('dead_deleted')).toBe(before + (response.body.purged as number));
    });

    it('refuses a date within the last 30 days (dedupe keys are kept that long), a missing or malformed date, and a missing API key', async () => {
      await seed('dead-recent', 'dead', 10);
      const recent = await purgeDead({ receivedBefore: daysAgo(5) });
      expect(recent.status).toBe(400);
      expect(recent.body.message).toMatch(/receivedBefore must be at least 30 days ago/);
      expect((await purgeDead({})).status).toBe(400);
      expect((await purgeDead({ receivedBefore: 'last month' })).status).toBe(400);
      expect((await purgeDead({ receivedBefore: daysAgo(60) }, null)).status).toBe(401);
      expect(await rowsOf('dead-recent')).toHaveLength(1);
    });
  });
});
