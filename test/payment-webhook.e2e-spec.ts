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
    // No client revalidates a receipt: its body is not hashed for an ETag.
    expect(response.headers.get('etag')).toBeNull();
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

  it('answers 400 to a payment.success (or refund.completed) that states no amount or currency', async () => {
    const order = await app.createOrder();
    for (const [event, missing] of [
      ['payment.success', 'amount'],
      ['payment.success', 'currency'],
      ['refund.completed', 'amount'],
    ] as const) {
      const { [missing]: _dropped, ...body } = paymentEvent(event, order.id as string) as Record<string, unknown>;
      const response = await app.post('payment', body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).toContain(`${missing} is required for payment.success and refund.completed`);
    }
    expect(await paymentStatusOf(order.id as string)).toBe('pending');
  });

  it('applies nothing for a payment.success whose status says it failed, and alerts ops about a capture of another amount', async () => {
    const order = await app.createOrder();
    const id = order.id as string;
    const failed = await processed((await app.post('payment', paymentSuccess(id, { status: 'failed' }))).body.eventId as string);
    expect(failed).toMatchObject({
      outcome: 'no_effect',
      note: expect.stringContaining('payment.success with status failed confirms nothing'),
    });
    expect(await paymentStatusOf(id)).toBe('pending');

    const short = await processed(
      (await app.post('payment', paymentSuccess(id, { amount: 0.01, timestamp: '2026-03-08T10:31:00Z' }))).body.eventId as string,
    );
    expect(short).toMatchObject({ outcome: 'no_effect', note: 'amount 0.01 does not match order amount 2499' });
    const alerts = await app.db.query(
      "SELECT channel FROM notifications WHERE template = 'ops.payment_mismatch' AND payload->>'orderId' = $1",
      [id],
    );
    expect(alerts).toEqual([{ channel: 'slack' }]);
  });

  it('does not refund a paid order with a refund of another payment or currency; partial refunds add up to refunded', async () => {
    const order = await app.createOrder();
    const id = order.id as string;
    await processed((await app.post('payment', paymentSuccess(id))).body.eventId as string);
    const refund = (extra: Record<string, unknown>) => paymentEvent('refund.completed', id, extra);

    const foreign = await processed(
      (await app.post('payment', refund({ payment_id: 'pay_someone_else', refund_id: 'rf_x', amount: 1.0, currency: 'USD' }))).body
        .eventId as string,
    );
    expect(foreign).toMatchObject({
      outcome: 'no_effect',
      note: "refund.completed for payment pay_someone_else, not the order's payment pay_abc123xyz",
    });
    expect(await app.order(id)).toMatchObject({ paymentStatus: 'paid', refundedAmount: 0 });

    const first = await processed((await app.post('payment', refund({ refund_id: 'rf_1', amount: 999.0 }))).body.eventId as string);
    expect(first).toMatchObject({ outcome: 'applied', note: 'payment paid → partially_refunded; refunded 999 of 2499 INR' });
    expect(await app.order(id)).toMatchObject({ paymentStatus: 'partially_refunded', refundedAmount: 999 });

    const rest = await processed((await app.post('payment', refund({ refund_id: 'rf_2', amount: 1500.0 }))).body.eventId as string);
    expect(rest).toMatchObject({ outcome: 'applied', note: 'payment partially_refunded → refunded; refunded 2499 of 2499 INR' });
    expect(await app.order(id)).toMatchObject({ paymentStatus: 'refunded', refundedAmount: 2499 });
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
