import { RAZORPAY_EXAMPLES } from '../src/razorpay/razorpay-events.js';
import { TestApp } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

type Example = keyof typeof RAZORPAY_EXAMPLES;

/** Razorpay's example body of `event`, its notes (and receipt) naming `orderId`, amounts in paise. */
function razorpay(event: Example, orderId: string, paise = 249_900): Record<string, unknown> {
  const body = structuredClone(RAZORPAY_EXAMPLES[event]) as { payload: Record<string, { entity: Record<string, unknown> }> };
  for (const { entity } of Object.values(body.payload)) {
    if ('notes' in entity) entity.notes = { order_id: orderId };
    if ('receipt' in entity) entity.receipt = orderId;
    if ('amount' in entity) entity.amount = paise;
  }
  return body;
}

describe('Razorpay posting natively (HTTP, Postgres, Redis, Bull worker)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.stop();
  });

  const paymentStatusOf = async (orderId: string) => (await app.order(orderId)).paymentStatus;

  it('applies payment.captured signed with X-Razorpay-Signature: the order is paid (paise compared as rupees)', async () => {
    const { id } = await app.createOrder({ amount: 2499.0, currency: 'INR' });
    const response = await app.postSigned('razorpay', 'razorpay', razorpay('payment.captured', id as string));
    expect(response).toMatchObject({ status: 200, body: { status: 'accepted' } });
    const event = await app.settled(response.body.eventId as string);
    expect(event).toMatchObject({ provider: 'razorpay', event_type: 'payment.captured', reference: id, outcome: 'applied' });
    expect(await paymentStatusOf(id as string)).toBe('paid');
  });

  it('answers a retry of the same X-Razorpay-Event-Id as a duplicate', async () => {
    const { id } = await app.createOrder();
    const body = razorpay('payment.captured', id as string);
    const first = await app.postSigned('razorpay', 'razorpay', body, { delivery: { id: 'evt_retry_0001' } });
    const retry = await app.postSigned('razorpay', 'razorpay', body, { delivery: { id: 'evt_retry_0001' } });
    expect(retry.body).toEqual({ status: 'duplicate', eventId: first.body.eventId });
  });

  it("finds the order by the Razorpay order's receipt when the payment has no notes (order.paid)", async () => {
    const { id } = await app.createOrder();
    const body = razorpay('order.paid', id as string) as { payload: { payment: { entity: Record<string, unknown> } } };
    body.payload.payment.entity.notes = [];
    const response = await app.postSigned('razorpay', 'razorpay', body);
    await app.settled(response.body.eventId as string);
    expect(await paymentStatusOf(id as string)).toBe('paid');
  });

  it('lets a capture win over an earlier payment.failed, then refunds it', async () => {
    const { id } = await app.createOrder();
    for (const [event, expected] of [
      ['payment.failed', 'failed'],
      ['payment.captured', 'paid'],
      ['refund.created', 'refund_initiated'],
      ['refund.processed', 'refunded'],
    ] as const) {
      const response = await app.postSigned('razorpay', 'razorpay', razorpay(event, id as string));
      await app.settled(response.body.eventId as string);
      expect({ event, status: await paymentStatusOf(id as string) }).toEqual({ event, status: expected });
    }
  });

  it("counts a partial refund.processed, and refunds nothing for another payment's refund", async () => {
    const { id } = await app.createOrder({ amount: 2499.0 });
    const post = async (body: Record<string, unknown>) =>
      app.settled((await app.postSigned('razorpay', 'razorpay', body)).body.eventId as string);
    await post(razorpay('payment.captured', id as string));

    const partial = await post(razorpay('refund.processed', id as string, 100_000));
    expect(partial).toMatchObject({ outcome: 'applied', note: 'payment paid → partially_refunded; refunded 1000 of 2499 INR' });

    const foreign = razorpay('refund.processed', id as string, 149_900) as { payload: { refund: { entity: Record<string, unknown> } } };
    foreign.payload.refund.entity.payment_id = 'pay_SomeoneElse0001';
    expect(await post(foreign)).toMatchObject({
      outcome: 'no_effect',
      note: expect.stringContaining('for payment pay_SomeoneElse0001, not the order'),
    });
    expect(await app.order(id as string)).toMatchObject({ paymentStatus: 'partially_refunded', refundedAmount: 1000 });
  });

  it('records a capture of another amount without effect', async () => {
    const { id } = await app.createOrder({ amount: 2499.0 });
    const response = await app.postSigned('razorpay', 'razorpay', razorpay('payment.captured', id as string, 100));
    const event = await app.settled(response.body.eventId as string);
    expect(event).toMatchObject({ outcome: 'no_effect', note: 'amount 1 does not match order amount 2499' });
    expect(await paymentStatusOf(id as string)).toBe('pending');
  });

  it('answers 200 ignored to an event it does not act on, and keeps it in the inbox unprocessed', async () => {
    const { id } = await app.createOrder();
    const response = await app.postSigned('razorpay', 'razorpay', razorpay('payment.authorized (ignored)', id as string));
    expect(response).toMatchObject({ status: 200, body: { status: 'ignored', eventId: expect.any(String) } });
    expect(await app.event(response.body.eventId as string)).toMatchObject({ status: 'ignored', event_type: 'payment.authorized' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await app.event(response.body.eventId as string)).toMatchObject({ status: 'ignored', attempts: 0 });
  });

  it('refuses a bad signature (401), a missing one (401), and an acted-on event that names no order (400)', async () => {
    const { id } = await app.createOrder();
    const body = razorpay('payment.captured', id as string);
    const forged = await app.postSigned('razorpay', 'razorpay', body, { secret: 'not-the-razorpay-secret-0123456789' });
    expect(forged).toMatchObject({ status: 401, body: { message: 'Invalid webhook signature.' } });
    const unsigned = await app.post('razorpay', body);
    expect(unsigned).toMatchObject({ status: 401, body: { message: 'Missing x-razorpay-signature header.' } });
    const anonymous = razorpay('payment.captured', id as string) as { payload: { payment: { entity: Record<string, unknown> } } };
    anonymous.payload.payment.entity.notes = [];
    const unnamed = await app.postSigned('razorpay', 'razorpay', anonymous);
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.message).toMatch(/names no order: set notes.order_id/);
    await waitFor(async () => (await paymentStatusOf(id as string)) === 'pending', { what: 'order untouched' });
  });

  it('takes notes.order_id . or .. for no order (400): such ids would climb out of a provider API path', async () => {
    for (const dots of ['.', '..']) {
      const body = razorpay('payment.captured', dots) as { payload: { payment: { entity: Record<string, unknown> } } };
      const response = await app.postSigned('razorpay', 'razorpay', body);
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/names no order/);
    }
  });

  it('refuses a malformed acted-on event with 400 naming the field', async () => {
    const body = razorpay('payment.captured', 'ORD-X') as { payload: { payment: { entity: Record<string, unknown> } } };
    body.payload.payment.entity.amount = 'a lot';
    const response = await app.postSigned('razorpay', 'razorpay', body);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.message)).toMatch(/amount/);
  });
});
