import { PAYMENT_EXAMPLES } from '../src/payment/payment-events.js';
import { TestApp } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

const paymentSuccess = (orderId: string, extra: Record<string, unknown> = {}) => ({
  ...PAYMENT_EXAMPLES['payment.success'],
  order_id: orderId,
  ...extra,
});

describe('operator API: webhook events, replay, stats and metrics', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.stop();
  });

  const finished = (eventId: string, attempts = 1) =>
    waitFor(
      async () => {
        const event = await app.event(eventId);
        return event && ['processed', 'dead'].includes(event.status as string) && Number(event.attempts) >= attempts ? event : undefined;
      },
      { what: `event ${eventId} finished` },
    );

  const deadLetter = async (orderId: string) => {
    const response = await app.post('payment', paymentSuccess(orderId));
    const event = await finished(response.body.eventId as string);
    expect(event.status).toBe('dead');
    return response.body.eventId as string;
  };

  it('refuses the operator API without the API key', async () => {
    expect((await app.api('/api/v2/admin/webhook-events', { apiKey: null })).status).toBe(401);
    expect((await app.api('/api/v2/admin/stats', { apiKey: 'wrong-key-wrong-key' })).status).toBe(401);
  });

  it('lists events by order, status and time range, newest first, in pages', async () => {
    const order = await app.createOrder();
    const id = order.id as string;
    const first = await app.post('payment', paymentSuccess(id, { payment_id: 'pay_1', timestamp: '2026-03-08T10:30:00Z' }));
    const second = await app.post('payment', paymentSuccess(id, { payment_id: 'pay_2', timestamp: '2026-03-08T10:31:00Z' }));
    await finished(first.body.eventId as string);
    await finished(second.body.eventId as string);

    const page1 = await app.api(`/api/v2/admin/webhook-events?orderId=${id}&pageSize=1`);
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(page1.body.items).toEqual([expect.objectContaining({ id: second.body.eventId, orderId: id, provider: 'payment' })]);
    const page2 = await app.api(`/api/v2/admin/webhook-events?orderId=${id}&pageSize=1&page=2`);
    expect(page2.body.items).toEqual([expect.objectContaining({ id: first.body.eventId })]);

    const future = new Date(Date.now() + 60_000).toISOString();
    const none = await app.api(`/api/v2/admin/webhook-events?orderId=${id}&from=${encodeURIComponent(future)}`);
    expect(none.body).toMatchObject({ total: 0, items: [] });
    const byOutcome = await app.api(
      `/api/v2/admin/webhook-events?orderId=${id}&status=processed&eventType=payment.success&provider=payment`,
    );
    expect(byOutcome.body.total).toBe(2);
  });

  it('rejects a bad filter with 400', async () => {
    const response = await app.api('/api/v2/admin/webhook-events?status=lost&pageSize=1000');
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('status must be one of: pending, retrying, processed, dead');
  });

  it('shows one event with attempts, last error and its payload with the signature masked', async () => {
    const eventId = await deadLetter('ORD-DETAIL-MISSING');
    const response = await app.api(`/api/v2/admin/webhook-events/${eventId}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: eventId,
      status: 'dead',
      attempts: 3,
      lastError: expect.stringContaining('order ORD-DETAIL-MISSING does not exist'),
      lastFailedAt: expect.any(String),
      orderId: 'ORD-DETAIL-MISSING',
      payload: expect.objectContaining({ order_id: 'ORD-DETAIL-MISSING', amount: 2499, signature: '[redacted]' }),
    });
    expect((await app.api('/api/v2/admin/webhook-events/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('replays a dead event through the same handler once its order exists', async () => {
    const id = `ORD-REPLAY-${Date.now()}`;
    const eventId = await deadLetter(id);
    await app.createOrder({ id });

    const response = await app.api(`/api/v2/admin/webhook-events/${eventId}/replay`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ replayed: 1, eventIds: [eventId] });

    const event = await finished(eventId, 4);
    expect(event).toMatchObject({ status: 'processed', outcome: 'applied', last_error: null });
    expect((await app.order(id)).paymentStatus).toBe('paid');
  });

  it('replays a processed event through its handler with no second effect', async () => {
    const order = await app.createOrder();
    const id = order.id as string;
    const eventId = (await app.post('payment', paymentSuccess(id))).body.eventId as string;
    await finished(eventId);
    const before = await app.order(id);
    const eventBefore = await app.event(eventId);
    const notificationsBefore = await app.db.query('SELECT id FROM notifications');
    const noEffectTries = async () => {
      const metrics = await (await fetch(`${app.url}/metrics`)).text();
      const line = /webhook_events_processed_total\{provider="payment",event_type="payment.success",outcome="no_effect"\} (\d+)/.exec(
        metrics,
      );
      return Number(line?.[1] ?? 0);
    };
    const triesBefore = await noEffectTries();

    await app.api(`/api/v2/admin/webhook-events/${eventId}/replay`, { method: 'POST' });
    // The handler ran again and found nothing to do.
    await waitFor(async () => (await noEffectTries()) === triesBefore + 1, { what: 'the replay processed' });
    const event = await finished(eventId);

    // The event's record stands: what it did, when and after how many tries (no phantom try or delay in the stats).
    expect(event).toMatchObject({
      status: 'processed',
      outcome: 'applied',
      note: eventBefore?.note,
      attempts: 1,
      processed_at: eventBefore?.processed_at,
    });
    const after = await app.order(id);
    expect(after).toMatchObject({ paymentStatus: 'paid', updatedAt: before.updatedAt });
    expect(await app.db.query('SELECT id FROM notifications')).toHaveLength(notificationsBefore.length);
  });

  it('does not replay an event still on its way, and 404s an unknown one', async () => {
    const [{ id }] = await app.db.query<{ id: string }>(
      `INSERT INTO webhook_events (provider, event_type, dedupe_key, payload, status)
       VALUES ('payment', 'payment.success', 'in-flight-test', '{}', 'retrying') RETURNING id`,
    );
    expect((await app.api(`/api/v2/admin/webhook-events/${id}/replay`, { method: 'POST' })).status).toBe(409);
    expect((await app.api('/api/v2/admin/webhook-events/00000000-0000-4000-8000-000000000000/replay', { method: 'POST' })).status).toBe(
      404,
    );
    await app.db.query('DELETE FROM webhook_events WHERE id = $1', [id]);
  });

  it('replays dead events in bulk by filter, up to the limit', async () => {
    const ids = [`ORD-BULK-A-${Date.now()}`, `ORD-BULK-B-${Date.now()}`];
    const eventIds = [];
    for (const id of ids) eventIds.push(await deadLetter(id));
    for (const id of ids) await app.createOrder({ id });

    const limited = await app.api('/api/v2/admin/webhook-events/replay', {
      method: 'POST',
      body: { provider: 'payment', orderId: ids[0], limit: 5 },
    });
    expect(limited.body).toEqual({ replayed: 1, eventIds: [eventIds[0]] });
    await finished(eventIds[0], 4);

    const rest = await app.api('/api/v2/admin/webhook-events/replay', {
      method: 'POST',
      body: { provider: 'payment', status: 'dead', limit: 1000 },
    });
    expect(rest.status).toBe(200);
    expect(rest.body.eventIds).toContain(eventIds[1]);
    await finished(eventIds[1], 4);
    for (const id of ids) expect((await app.order(id)).paymentStatus).toBe('paid');

    const refused = await app.api('/api/v2/admin/webhook-events/replay', { method: 'POST', body: { status: 'pending' } });
    expect(refused.status).toBe(400);
    expect((await app.api('/api/v2/admin/webhook-events/replay', { method: 'POST', body: { limit: 1001 } })).status).toBe(400);
  });

  it('replays only dead events in bulk when no status is given', async () => {
    const order = await app.createOrder();
    const processedId = (await app.post('payment', paymentSuccess(order.id as string))).body.eventId as string;
    expect((await finished(processedId)).status).toBe('processed');
    const deadOrderId = `ORD-BULK-DEFAULT-${Date.now()}`;
    const deadId = await deadLetter(deadOrderId);
    await app.createOrder({ id: deadOrderId });

    const response = await app.api('/api/v2/admin/webhook-events/replay', { method: 'POST', body: { provider: 'payment', limit: 1000 } });
    expect(response.status).toBe(200);
    expect(response.body.eventIds).toContain(deadId);
    expect(response.body.eventIds).not.toContain(processedId);
    await finished(deadId, 4);
    expect(await app.event(processedId)).toMatchObject({ status: 'processed', attempts: 1 });
  });

  it('reports success rate, processing time, failures, dead letters and queue depth over a window', async () => {
    await deadLetter(`ORD-STATS-MISSING-${Date.now()}`);
    const response = await app.api('/api/v2/admin/stats?provider=payment');
    expect(response.status).toBe(200);
    const { total, byProvider, queues, deadLetters } = response.body as Record<string, any>;
    expect(total.received).toBeGreaterThan(0);
    expect(total.processed).toBeGreaterThan(0);
    expect(total.failedTries).toBeGreaterThan(0);
    expect(total.successRate).toBeGreaterThan(0);
    expect(total.successRate).toBeLessThanOrEqual(1);
    expect(total.processingMeanMs).toBeGreaterThan(0);
    expect(total.processingP95Ms).toBeGreaterThanOrEqual(total.processingMeanMs * 0.5);
    expect(byProvider).toEqual([expect.objectContaining({ provider: 'payment', received: total.received })]);
    expect(deadLetters).toBeGreaterThanOrEqual(1);
    expect(queues).toEqual(
      expect.arrayContaining([
        {
          queue: 'webhook-events',
          waiting: expect.any(Number),
          active: expect.any(Number),
          delayed: expect.any(Number),
          failed: expect.any(Number),
        },
      ]),
    );

    const empty = await app.api('/api/v2/admin/stats?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z');
    expect(empty.body.total).toMatchObject({ received: 0, successRate: null, processingMeanMs: null });
    expect((await app.api('/api/v2/admin/stats?from=2020-01-02T00:00:00Z&to=2020-01-01T00:00:00Z')).status).toBe(400);
  });

  it('exposes Prometheus metrics: received, rejected, processed, duration, queues and dead letters', async () => {
    await app.post('payment', paymentSuccess('ORD-METRICS'), { secret: 'not-the-secret' });
    const order = await app.createOrder();
    const body = paymentSuccess(order.id as string, { payment_id: 'pay_metrics' });
    await finished((await app.post('payment', body)).body.eventId as string);
    await app.post('payment', body);
    const response = await fetch(`${app.url}/metrics`);
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(text).toMatch(/webhooks_received_total\{provider="payment",event_type="payment.success",outcome="accepted"\} \d+/);
    expect(text).toMatch(/webhooks_received_total\{provider="payment",event_type="payment.success",outcome="duplicate"\} \d+/);
    expect(text).toMatch(/webhooks_rejected_total\{provider="payment",status_code="401"\} 1/);
    expect(text).toMatch(/webhook_events_processed_total\{provider="payment",event_type="payment.success",outcome="applied"\} \d+/);
    expect(text).toMatch(/webhook_events_processed_total\{provider="payment",event_type="payment.success",outcome="dead"\} \d+/);
    expect(text).toMatch(/webhook_processing_duration_seconds_count\{provider="payment"\} \d+/);
    expect(text).toMatch(/queue_jobs\{queue="webhook-events",state="waiting"\} \d+/);
    expect(text).toMatch(/webhook_dead_letters\{provider="payment"\} \d+/);
    expect(text).toContain('# TYPE notifications_sent_total counter');
    expect(text).toContain('# TYPE reconciliation_runs_total counter');
  });
});
