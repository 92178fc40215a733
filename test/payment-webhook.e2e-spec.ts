import { signPayload } from '../src/webhooks/verification/hmac-sha256.verifier.js';
import { PAYMENT_EXAMPLES } from '../src/payment/payment-events.js';
import { TestApp, testSecret } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

/** The seed's "Payment Success Webhook", for a given order. */
const paymentSuccess = (orderId: string, extra: Record<string, unknown> = {}) => ({
  ...PAYMENT_EXAMPLES['payment.success'],
  order_id: orderId,
  ...extra,
});

const paymentEvent = (event: keyof typeof PAYMENT_EXAMPLES, orderId: string, extra: Record<string, unknown> = {}) => ({
  ...PAYMENT_EXAMPLES[event],
  order_id: orderId,
  ...extra,
});

describe('payment webhook (HTTP, Postgres, Redis, Bull worker)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.stop();
  });

  const paymentStatusOf = async (orderId: string) => (await app.order(orderId)).paymentStatus;
  const processed = (eventId: string) => app.settled(eventId);

  it('accepts the seed payment.success, answers with the event id, and marks the order paid', async () => {
    const order = await app.createOrder({ id: 'ORD-2026-12345' });
    const response = await app.post('payment', paymentSuccess(order.id as string));

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'accepted', eventId: expect.any(String) });
    await waitFor(async () => (await paymentStatusOf('ORD-2026-12345')) === 'paid', { what: 'order paid' });

    const view = await app.order('ORD-2026-12345');
    expect(view.events).toEqual([
      expect.objectContaining({ id: response.body.eventId, eventType: 'payment.success', status: 'processed', outcome: 'applied' }),
    ]);
  });

  it('accepts a bare hex signature as well as the sha256= prefix', async () => {
    const order = await app.createOrder();
    const body = JSON.stringify(paymentSuccess(order.id as string));
    const response = await app.post('payment', body, { headers: { 'x-webhook-signature': signPayload(body, testSecret('payment')) } });
    expect(response.status).toBe(200);
  });

  it('moves the order through the transition table: paid, refund initiated, refunded', async () => {
    const order = await app.createOrder();
    const id = order.id as string;
    for (const [event, expected] of [
      ['payment.success', 'paid'],
      ['refund.initiated', 'refund_initiated'],
      ['refund.completed', 'refunded'],
    ] as const) {
      const response = await app.post('payment', paymentEvent(event, id));
      await processed(response.body.eventId as string);
      expect(await paymentStatusOf(id)).toBe(expected);
    }
  });

  it('records payment.failed and lets a later success pay the order', async () => {
    const order = await app.createOrder();
    const id = order.id as string;
    await processed((await app.post('payment', paymentEvent('payment.failed', id, { payment_id: 'pay_1' }))).body.eventId as string);
    expect(await paymentStatusOf(id)).toBe('failed');
    await processed((await app.post('payment', paymentEvent('payment.success', id, { payment_id: 'pay_2' }))).body.eventId as string);
    expect(await paymentStatusOf(id)).toBe('paid');
  });

  it('records an event that would move the order backwards, with the reason, and changes nothing', async () => {
    const order = await app.createOrder();
    const id = order.id as string;
    await processed((await app.post('payment', paymentSuccess(id))).body.eventId as string);

    const late = await app.post('payment', paymentEvent('payment.failed', id, { payment_id: 'pay_late' }));
    const event = await processed(late.body.eventId as string);

    expect(event).toMatchObject({ status: 'processed', outcome: 'no_effect', note: 'payment.failed cannot move payment from paid' });
    expect(await paymentStatusOf(id)).toBe('paid');
  });

  it('does not mark an order paid by a capture of another amount', async () => {
    const order = await app.createOrder();
    const event = await processed((await app.post('payment', paymentSuccess(order.id as string, { amount: 1.0 }))).body.eventId as string);
    expect(event).toMatchObject({ outcome: 'no_effect', note: expect.stringContaining('does not match order amount') });
    expect(await paymentStatusOf(order.id as string)).toBe('pending');
  });

  it('answers duplicate with the same event id when the same body comes again, with no second effect', async () => {
    const order = await app.createOrder();
    const body = paymentSuccess(order.id as string);
    const first = await app.post('payment', body);
    const second = await app.post('payment', body);

    expect(second.status).toBe(200);
    expect(second.body).toEqual({ status: 'duplicate', eventId: first.body.eventId });
    await processed(first.body.eventId as string);
    expect(await app.db.query('SELECT id FROM webhook_events WHERE reference = $1', [order.id])).toHaveLength(1);
  });

  it('stores and applies one event when 20 copies arrive at the same moment', async () => {
    const order = await app.createOrder();
    const body = JSON.stringify(paymentSuccess(order.id as string));
    const responses = await Promise.all(Array.from({ length: 20 }, () => app.post('payment', body)));

    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(responses.map((r) => r.body.eventId)).size).toBe(1);
    expect(responses.filter((r) => r.body.status === 'accepted')).toHaveLength(1);
    const event = await processed(responses[0].body.eventId as string);
    expect(event).toMatchObject({ status: 'processed', attempts: 1 });
    expect(await app.db.query('SELECT id FROM webhook_events WHERE reference = $1', [order.id])).toHaveLength(1);
  });

  it('accepts an event whose ids make a dedupe key longer than its column, and still knows its copies', async () => {
    // Ids as long as the DTOs allow (100 characters each).
    const order = await app.createOrder({ id: `ORD-LONG-${Date.now()}-`.padEnd(100, 'x') });
    // Without event_id the key joins event, order, payment id, refund id and timestamp: here over 300 characters.
    const body = paymentSuccess(order.id as string, { payment_id: 'pay_'.padEnd(100, 'p'), refund_id: 'rf_'.padEnd(100, 'r') });

    const first = await app.post('payment', body);
    const again = await app.post('payment', body);

    expect(first).toMatchObject({ status: 200, body: { status: 'accepted' } });
    expect(again).toMatchObject({ status: 200, body: { status: 'duplicate', eventId: first.body.eventId } });
    expect(await processed(first.body.eventId as string)).toMatchObject({ status: 'processed', outcome: 'applied' });
  });

  it('retries an event whose order does not exist yet, and applies it once the order appears', async () => {
    const id = `ORD-LATE-${Date.now()}`;
    const response = await app.post('payment', paymentSuccess(id));
    await waitFor(async () => (await app.event(response.body.eventId as string))?.status === 'retrying', { what: 'first try failed' });

    await app.createOrder({ id });

    const event = await processed(response.body.eventId as string);
    expect(event.status).toBe('processed');
    expect(Number(event.attempts)).toBeGreaterThan(1);
    expect(await paymentStatusOf(id)).toBe('paid');
  });

  it('dead-letters an event after its last try, with the reason', async () => {
    const response = await app.post('payment', paymentSuccess('ORD-NEVER-EXISTS'));
    const event = await processed(response.body.eventId as string);

    // WEBHOOK_RETRY_DELAYS_MS=100,200 in tests: three tries in all.
    expect(event).toMatchObject({ status: 'dead', attempts: 3 });
    expect(event.last_error).toContain('order ORD-NEVER-EXISTS does not exist');
  });
});
