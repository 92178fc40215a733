import { CASHFREE_EXAMPLES } from '../src/cashfree/cashfree-events.js';
import { postWebhook, signedHeaders } from './support/signing.js';
import { TestApp, testSecret } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

type Example = keyof typeof CASHFREE_EXAMPLES;
type Body = { data: Record<string, Record<string, unknown>> };

/** Cashfree's example body of `name` (version 2025-01-01) for our order `orderId`, amounts in rupees. */
function cashfree(name: Example, orderId: string, rupees = 2499.0): Body {
  const body = structuredClone(CASHFREE_EXAMPLES[name]) as Body;
  const { order, payment, refund } = body.data;
  if (order) Object.assign(order, { order_id: orderId, order_amount: rupees });
  if (payment) payment.payment_amount = rupees;
  if (refund) Object.assign(refund, { order_id: orderId, refund_amount: rupees });
  return body;
}

describe('Cashfree posting natively (HTTP, Postgres, Redis, Bull worker)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.stop();
  });

  const paymentStatusOf = async (orderId: string) => (await app.order(orderId)).paymentStatus;

  it('applies PAYMENT_SUCCESS_WEBHOOK signed with x-webhook-signature over timestamp and body: the order is paid', async () => {
    const { id } = await app.createOrder({ amount: 2499.0, currency: 'INR' });
    const response = await app.postSigned('cashfree', 'cashfree', cashfree('PAYMENT_SUCCESS_WEBHOOK', id as string));
    expect(response).toMatchObject({ status: 200, body: { status: 'accepted' } });
    const event = await app.settled(response.body.eventId as string);
    expect(event).toMatchObject({
      provider: 'cashfree',
      event_type: 'PAYMENT_SUCCESS_WEBHOOK',
      reference: id,
      outcome: 'applied',
      note: 'payment pending → paid',
    });
    expect(await paymentStatusOf(id as string)).toBe('paid');
    expect(await app.db.query('SELECT payment_id FROM orders WHERE id = $1', [id])).toEqual([{ payment_id: '5114917039291' }]);
  });

  it('answers a retry with the same x-idempotency-key as a duplicate', async () => {
    const { id } = await app.createOrder();
    const body = cashfree('PAYMENT_SUCCESS_WEBHOOK', id as string);
    const key = 'n9rn7079wqXcse3GEDEXCYle9ajXmU0SUQY8zrUNAlc=';
    const first = await app.postSigned('cashfree', 'cashfree', body, { delivery: { id: key } });
    // A retry is signed again, at its own time: only the key and the body are the same.
    const retry = await app.postSigned('cashfree', 'cashfree', body, { delivery: { id: key, nowMs: Date.now() + 1000 } });
    expect(first.body.status).toBe('accepted');
    expect(retry.body).toEqual({ status: 'duplicate', eventId: first.body.eventId });
  });

  it('dedupes a version 2023-08-01 webhook (no x-idempotency-key) on type and cf_payment_id', async () => {
    const { id } = await app.createOrder();
    const raw = Buffer.from(JSON.stringify(cashfree('PAYMENT_FAILED_WEBHOOK', id as string)));
    const post = async (nowMs: number) => {
      const headers = signedHeaders('cashfree', raw, testSecret('cashfree'), { nowMs });
      delete headers['x-idempotency-key'];
      return postWebhook(app.url, 'cashfree', raw, { headers: { ...headers, 'x-webhook-version': '2023-08-01' } });
    };
    const first = await post(Date.now());
    const retry = await post(Date.now() + 1000);
    expect(first.body.status).toBe('accepted');
    expect(retry.body).toEqual({ status: 'duplicate', eventId: first.body.eventId });
    expect(await app.event(first.body.eventId as string)).toMatchObject({ dedupe_key: '["PAYMENT_FAILED_WEBHOOK","5114917039102"]' });
  });

  it('lets a success win over earlier failed and dropped attempts, then refunds it (PENDING, then SUCCESS)', async () => {
    const { id } = await app.createOrder();
    for (const [name, expected] of [
      ['PAYMENT_FAILED_WEBHOOK', 'failed'],
      ['PAYMENT_USER_DROPPED_WEBHOOK', 'failed'],
      ['PAYMENT_SUCCESS_WEBHOOK', 'paid'],
      ['REFUND_STATUS_WEBHOOK (PENDING)', 'refund_initiated'],
      ['REFUND_STATUS_WEBHOOK (SUCCESS)', 'refunded'],
    ] as const) {
      const response = await app.postSigned('cashfree', 'cashfree', cashfree(name, id as string));
      await app.settled(response.body.eventId as string);
      expect({ name, status: await paymentStatusOf(id as string) }).toEqual({ name, status: expected });
    }
  });

  it('records a refund Cashfree cancelled without effect, saying so; the payment stays as it was', async () => {
    const { id } = await app.createOrder();
    await app.settled(
      (await app.postSigned('cashfree', 'cashfree', cashfree('PAYMENT_SUCCESS_WEBHOOK', id as string))).body.eventId as string,
    );
    const response = await app.postSigned('cashfree', 'cashfree', cashfree('REFUND_STATUS_WEBHOOK (CANCELLED)', id as string));
    expect(await app.settled(response.body.eventId as string)).toMatchObject({
      event_type: 'REFUND_STATUS_WEBHOOK',
      reference: id,
      outcome: 'no_effect',
      note: expect.stringMatching(/^refund RFND-ORD-2026-12345-1 CANCELLED at Cashfree: the order's payment status is left as it is/),
    });
    expect(await paymentStatusOf(id as string)).toBe('paid');
  });

  it('records a success of another amount or currency without effect', async () => {
    const { id } = await app.createOrder({ amount: 2499.0, currency: 'INR' });
    const cheaper = await app.postSigned('cashfree', 'cashfree', cashfree('PAYMENT_SUCCESS_WEBHOOK', id as string, 1));
    expect(await app.settled(cheaper.body.eventId as string)).toMatchObject({
      outcome: 'no_effect',
      note: 'amount 1 does not match order amount 2499',
    });
    const dollars = cashfree('PAYMENT_SUCCESS_WEBHOOK', id as string);
    dollars.data.order.order_currency = 'USD';
    const foreign = await app.postSigned('cashfree', 'cashfree', dollars);
    expect(await app.settled(foreign.body.eventId as string)).toMatchObject({
      outcome: 'no_effect',
      note: 'currency USD does not match order currency INR',
    });
    expect(await paymentStatusOf(id as string)).toBe('pending');
  });

  it('answers 200 ignored to a type it does not act on, and keeps it in the inbox unprocessed', async () => {
    const response = await app.postSigned('cashfree', 'cashfree', CASHFREE_EXAMPLES['SETTLEMENT_WEBHOOK (ignored)']);
    expect(response).toMatchObject({ status: 200, body: { status: 'ignored', eventId: expect.any(String) } });
    expect(await app.event(response.body.eventId as string)).toMatchObject({
      provider: 'cashfree',
      status: 'ignored',
      event_type: 'SETTLEMENT_WEBHOOK',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await app.event(response.body.eventId as string)).toMatchObject({ status: 'ignored', attempts: 0 });
  });

  it('refuses a bad signature, a missing one, and a timestamp one second outside WEBHOOK_TOLERANCE_SECONDS (401)', async () => {
    const { id } = await app.createOrder();
    const body = cashfree('PAYMENT_SUCCESS_WEBHOOK', id as string);
    const tolerance = app.config.webhooks.toleranceSeconds;

    const forged = await app.postSigned('cashfree', 'cashfree', body, { secret: 'not-the-cashfree-secret-0123456789' });
    expect(forged).toMatchObject({ status: 401, body: { message: 'Invalid webhook signature.' } });
    const unsigned = await postWebhook(app.url, 'cashfree', body);
    expect(unsigned).toMatchObject({ status: 401, body: { message: 'Missing x-webhook-signature header.' } });
    const stale = await app.postSigned('cashfree', 'cashfree', body, { delivery: { nowMs: Date.now() - (tolerance + 1) * 1000 } });
    expect(stale).toMatchObject({ status: 401, body: { message: `x-webhook-timestamp is not a time within ${tolerance} s of now.` } });
    await waitFor(async () => (await paymentStatusOf(id as string)) === 'pending', { what: 'order untouched' });

    // Just inside the tolerance, the same body is taken.
    const late = await app.postSigned('cashfree', 'cashfree', body, { delivery: { nowMs: Date.now() - (tolerance - 5) * 1000 } });
    expect(late).toMatchObject({ status: 200, body: { status: 'accepted' } });
  });

  it('refuses an acted-on webhook that names no order (400, telling the merchant what to set) and a malformed one (400 naming the field)', async () => {
    const anonymous = cashfree('PAYMENT_SUCCESS_WEBHOOK', 'ORD-X');
    delete anonymous.data.order.order_id;
    const unnamed = await app.postSigned('cashfree', 'cashfree', anonymous);
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.message).toMatch(/names no order: create the Cashfree order with order_id set to our order id/);

    const malformed = cashfree('REFUND_STATUS_WEBHOOK (SUCCESS)', 'ORD-X');
    malformed.data.refund.refund_amount = 'all of it';
    const response = await app.postSigned('cashfree', 'cashfree', malformed);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.message)).toMatch(/refund_amount/);
  });
});
