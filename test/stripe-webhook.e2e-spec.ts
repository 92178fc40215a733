import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { STRIPE_EXAMPLES } from '../src/stripe/stripe-events.js';
import { postWebhook } from './support/signing.js';
import { TestApp } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

type Example = keyof typeof STRIPE_EXAMPLES;
type Body = { id: string; type: string; data: { object: Record<string, unknown> } };

/** Stripe signs with the endpoint's `whsec_…` string as it is; the old one stays active while it is rolled. */
const SECRET = 'whsec_e2eCurrentStripeEndpointSecret0123456789';
const OLD_SECRET = 'whsec_e2eRolledStripeEndpointSecret9876543210';

const AMOUNT_FIELDS = ['amount', 'amount_received', 'amount_total', 'amount_subtotal', 'amount_captured', 'amount_refunded'];

/** Stripe's example event `name` as a new event (its own evt_ id) for our order `orderId`, amounts in minor units. */
function stripe(name: Example, orderId: string, minor = 2499, currency = 'usd'): Body {
  const body = structuredClone(STRIPE_EXAMPLES[name]) as Body;
  body.id = `evt_${randomBytes(12).toString('hex')}`;
  const object = body.data.object;
  object.metadata = { order_id: orderId };
  if ('client_reference_id' in object) object.client_reference_id = orderId;
  // A failed PaymentIntent received nothing: its zero stays.
  for (const field of AMOUNT_FIELDS) if (typeof object[field] === 'number' && object[field] > 0) object[field] = minor;
  object.currency = currency;
  return body;
}

describe('Stripe posting natively (HTTP, Postgres, Redis, Bull worker)', () => {
  let app: TestApp;
  const post = (body: object, options: Parameters<TestApp['postSigned']>[3] = {}) =>
    app.postSigned('stripe', 'stripe', body, { secret: SECRET, ...options });

  beforeAll(async () => {
    app = await TestApp.start({ env: { WEBHOOK_SECRET_STRIPE: `${SECRET},${OLD_SECRET}` } });
  });

  afterAll(async () => {
    await app.stop();
  });

  const paymentStatusOf = async (orderId: string) => (await app.order(orderId)).paymentStatus;
  const dollarOrder = async () => (await app.createOrder({ amount: 24.99, currency: 'USD' })).id as string;

  it('applies payment_intent.succeeded signed with Stripe-Signature: the order is paid (cents compared as dollars)', async () => {
    const id = await dollarOrder();
    const response = await post(stripe('payment_intent.succeeded', id));
    expect(response).toMatchObject({ status: 200, body: { status: 'accepted' } });
    const event = await app.settled(response.body.eventId as string);
    expect(event).toMatchObject({
      provider: 'stripe',
      event_type: 'payment_intent.succeeded',
      reference: id,
      outcome: 'applied',
      note: 'payment pending → paid',
    });
    expect(await paymentStatusOf(id)).toBe('paid');
    expect(await app.db.query('SELECT payment_id FROM orders WHERE id = $1', [id])).toEqual([
      { payment_id: 'pi_3QxN2vLkdIwHu7ix0Fq8Zr1K' },
    ]);
  });

  it("accepts a request signed by Stripe's own SDK (webhooks.generateTestHeaderString) end to end", async () => {
    const id = await dollarOrder();
    const payload = JSON.stringify(stripe('checkout.session.completed', id));
    const header = new Stripe('sk_test_x').webhooks.generateTestHeaderString({ payload, secret: SECRET });
    const response = await postWebhook(app.url, 'stripe', payload, { headers: { 'stripe-signature': header } });
    expect(response).toMatchObject({ status: 200, body: { status: 'accepted' } });
    expect(await app.settled(response.body.eventId as string)).toMatchObject({
      event_type: 'checkout.session.completed',
      outcome: 'applied',
    });
    expect(await paymentStatusOf(id)).toBe('paid');
  });

  it('answers a retry of the same event id as a duplicate, however it is signed', async () => {
    const id = await dollarOrder();
    const body = stripe('payment_intent.succeeded', id);
    const first = await post(body);
    const retry = await post(body, { delivery: { nowMs: Date.now() + 1000 } });
    expect(first.body.status).toBe('accepted');
    expect(retry.body).toEqual({ status: 'duplicate', eventId: first.body.eventId });
    expect(await app.event(first.body.eventId as string)).toMatchObject({ dedupe_key: `id:${body.id}` });
  });

  it('lets a success win over an earlier payment_failed, then refunds it (charge.refunded)', async () => {
    const id = await dollarOrder();
    for (const [name, expected] of [
      ['payment_intent.payment_failed', 'failed'],
      ['payment_intent.succeeded', 'paid'],
      ['charge.refunded', 'refunded'],
    ] as const) {
      const response = await post(stripe(name, id));
      await app.settled(response.body.eventId as string);
      expect({ name, status: await paymentStatusOf(id) }).toEqual({ name, status: expected });
    }
  });

  it("reads charge.refunded's amount_refunded as the total refunded so far: partial refunds add up, a late older total changes nothing", async () => {
    const id = await dollarOrder();
    await app.settled((await post(stripe('payment_intent.succeeded', id))).body.eventId as string);
    const refunded = async (minor: number) => app.settled((await post(stripe('charge.refunded', id, minor))).body.eventId as string);

    expect(await refunded(1000)).toMatchObject({ outcome: 'applied', note: 'payment paid → partially_refunded; refunded 10 of 24.99 USD' });
    expect(await app.order(id)).toMatchObject({ paymentStatus: 'partially_refunded', refundedAmount: 10 });
    // A retry of the first refund's event with a new id, or an older total arriving late: nothing more was refunded.
    expect(await refunded(1000)).toMatchObject({ outcome: 'no_effect', note: 'refunds of 10 USD in all are recorded already (10)' });
    expect(await refunded(2499)).toMatchObject({
      outcome: 'applied',
      note: 'payment partially_refunded → refunded; refunded 24.99 of 24.99 USD',
    });
    expect(await app.order(id)).toMatchObject({ paymentStatus: 'refunded', refundedAmount: 24.99 });
  });

  it('records a Checkout Session completed but not paid yet without effect, saying why', async () => {
    const id = await dollarOrder();
    const response = await post(stripe('checkout.session.completed (not paid yet)', id));
    expect(await app.settled(response.body.eventId as string)).toMatchObject({
      event_type: 'checkout.session.completed',
      reference: id,
      outcome: 'no_effect',
      note: expect.stringMatching(/completed with payment_status unpaid, not paid: the order is not marked paid/),
    });
    expect(await paymentStatusOf(id)).toBe('pending');
  });

  it('takes a zero-decimal currency as it is: 3500 jpy pays an order of ¥3500', async () => {
    const { id } = await app.createOrder({ amount: 3500, currency: 'JPY' });
    const response = await post(stripe('payment_intent.succeeded', id as string, 3500, 'jpy'));
    expect(await app.settled(response.body.eventId as string)).toMatchObject({ outcome: 'applied' });
    expect(await paymentStatusOf(id as string)).toBe('paid');
  });

  it('records a success of another amount or currency without effect', async () => {
    const id = await dollarOrder();
    const cheaper = await post(stripe('payment_intent.succeeded', id, 100));
    expect(await app.settled(cheaper.body.eventId as string)).toMatchObject({
      outcome: 'no_effect',
      note: 'amount 1 does not match order amount 24.99',
    });
    const euros = await post(stripe('checkout.session.completed', id, 2499, 'eur'));
    expect(await app.settled(euros.body.eventId as string)).toMatchObject({
      outcome: 'no_effect',
      note: 'currency EUR does not match order currency USD',
    });
    expect(await paymentStatusOf(id)).toBe('pending');
  });

  it('answers 200 ignored to an event it does not act on, and keeps it in the inbox unprocessed', async () => {
    const id = await dollarOrder();
    const response = await post(stripe('payment_intent.created (ignored)', id));
    expect(response).toMatchObject({ status: 200, body: { status: 'ignored', eventId: expect.any(String) } });
    expect(await app.event(response.body.eventId as string)).toMatchObject({
      provider: 'stripe',
      status: 'ignored',
      event_type: 'payment_intent.created',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await app.event(response.body.eventId as string)).toMatchObject({ status: 'ignored', attempts: 0 });
  });

  it('refuses a bad signature, a missing one, and a timestamp one second outside WEBHOOK_TOLERANCE_SECONDS (401); takes the rolled secret', async () => {
    const id = await dollarOrder();
    const tolerance = app.config.webhooks.toleranceSeconds;

    const forged = await post(stripe('payment_intent.succeeded', id), { secret: 'whsec_notTheStripeEndpointSecret000000000' });
    expect(forged).toMatchObject({ status: 401, body: { message: 'Invalid webhook signature.' } });
    const unsigned = await postWebhook(app.url, 'stripe', stripe('payment_intent.succeeded', id));
    expect(unsigned).toMatchObject({ status: 401, body: { message: 'Missing stripe-signature header.' } });
    const stale = await post(stripe('payment_intent.succeeded', id), { delivery: { nowMs: Date.now() - (tolerance + 1) * 1000 } });
    expect(stale).toMatchObject({ status: 401, body: { message: `stripe-signature t= is not a time within ${tolerance} s of now.` } });
    await waitFor(async () => (await paymentStatusOf(id)) === 'pending', { what: 'order untouched' });

    // While the secret is rolled, Stripe may still sign with the old one.
    const rolled = await post(stripe('payment_intent.succeeded', id), {
      secret: OLD_SECRET,
      delivery: { nowMs: Date.now() - (tolerance - 5) * 1000 },
    });
    expect(rolled).toMatchObject({ status: 200, body: { status: 'accepted' } });
  });

  it('refuses an acted-on event that names no order (400, telling the merchant what to set) and a malformed one (400 naming the field)', async () => {
    const anonymous = stripe('charge.refunded', 'ORD-X');
    anonymous.data.object.metadata = {};
    const unnamed = await post(anonymous);
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.message).toBe(
      'charge.refunded names no order: set metadata.order_id to our order id on the PaymentIntent before it is confirmed (Stripe copies it to the charge)',
    );

    const malformed = stripe('payment_intent.succeeded', 'ORD-X');
    malformed.data.object.amount_received = '24.99';
    const response = await post(malformed);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.message)).toMatch(/amount_received/);
  });
});
