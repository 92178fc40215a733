import { randomInt } from 'node:crypto';
import { SHOPIFY_EXAMPLES } from '../src/shopify/shopify-events.js';
import { TestApp } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

type Example = keyof typeof SHOPIFY_EXAMPLES;

/** A Shopify order id of our own (13 digits, as Shopify's are today): our order id is it as a string. */
const shopifyOrderId = () => 5_000_000_000_000 + randomInt(1, 2 ** 40);

/** Shopify's example body of `example`, about the Shopify order `orderId`. */
function shopify(example: Example, orderId: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const body = structuredClone(SHOPIFY_EXAMPLES[example]) as Record<string, unknown> & { transactions?: Array<Record<string, unknown>> };
  if ('order_id' in body) body.order_id = orderId;
  else Object.assign(body, { id: orderId, admin_graphql_api_id: `gid://shopify/Order/${orderId}` });
  for (const transaction of body.transactions ?? []) transaction.order_id = orderId;
  return { ...body, ...extra };
}

describe('Shopify posting natively (HTTP, Postgres, Redis, Bull worker)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.stop();
  });

  /** Posts as Shopify does: signed with X-Shopify-Hmac-Sha256, the topic in X-Shopify-Topic. */
  const post = (topic: string, body: object | string, options: { secret?: string; webhookId?: string } = {}) =>
    app.postSigned('shopify', 'shopify', body, {
      secret: options.secret,
      delivery: options.webhookId ? { id: options.webhookId } : undefined,
      headers: { 'x-shopify-topic': topic },
    });
  /** One of our orders, whose id is a Shopify order id's digits. */
  const newOrder = async (overrides: Record<string, unknown> = {}) => {
    const id = shopifyOrderId();
    await app.createOrder({ id: String(id), amount: 2499.0, currency: 'INR', ...overrides });
    return id;
  };
  const orderOf = (id: number) => app.order(String(id));

  it('applies orders/paid signed with X-Shopify-Hmac-Sha256: the order whose id is the Shopify order id is paid', async () => {
    const id = await newOrder();
    const response = await post('orders/paid', shopify('orders/paid', id));
    expect(response).toMatchObject({ status: 200, body: { status: 'accepted' } });
    const event = await app.settled(response.body.eventId as string);
    expect(event).toMatchObject({
      provider: 'shopify',
      event_type: 'orders/paid',
      reference: String(id),
      outcome: 'applied',
      note: 'payment pending → paid',
    });
    expect(await orderOf(id)).toMatchObject({ paymentStatus: 'paid', fulfillmentStatus: 'unfulfilled' });
  });

  it("delivers a digital order whose codes were delivered at the Shopify order's updated_at, as the storefront's PAID does", async () => {
    const id = await newOrder({ kind: 'digital' });
    // With a supplier configured, PAID delivers only an order whose codes the supplier has delivered.
    await app.db.query("UPDATE orders SET fulfillment_status = 'fulfilled' WHERE id = $1", [String(id)]);
    const response = await post('orders/paid', shopify('orders/paid', id, { updated_at: '2026-03-08T16:00:12+05:30' }));
    expect(await app.settled(response.body.eventId as string)).toMatchObject({
      note: 'payment pending → paid; fulfilment fulfilled → delivered',
    });
    const [row] = await app.db.query<{ completed_at: Date }>('SELECT completed_at FROM orders WHERE id = $1', [String(id)]);
    expect(row.completed_at.toISOString()).toBe('2026-03-08T10:30:12.000Z');
  });

  it('reads the exact order id from admin_graphql_api_id when the JSON number id is past 2^53', async () => {
    const id = '820982911946154508';
    await app.createOrder({ id, amount: 2499.0, currency: 'INR' });
    // As Shopify's bytes carry it: the number would be 820982911946154500 once parsed.
    const raw = JSON.stringify(shopify('orders/paid', 1, { admin_graphql_api_id: `gid://shopify/Order/${id}` })).replace(
      '"id":1,',
      `"id":${id},`,
    );
    const response = await post('orders/paid', raw);
    expect(await app.settled(response.body.eventId as string)).toMatchObject({ reference: id, outcome: 'applied' });
    expect((await app.order(id)).paymentStatus).toBe('paid');
  });

  it('answers a retry of the same X-Shopify-Webhook-Id as a duplicate', async () => {
    const id = await newOrder();
    const body = shopify('orders/paid', id);
    const first = await post('orders/paid', body, { webhookId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' });
    const retry = await post('orders/paid', body, { webhookId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' });
    expect(retry).toMatchObject({ status: 200, body: { status: 'duplicate', eventId: first.body.eventId } });
  });

  it('records an orders/paid of another total or currency without effect', async () => {
    const id = await newOrder();
    const cheaper = await post('orders/paid', shopify('orders/paid', id, { total_price: '1.00' }));
    expect(await app.settled(cheaper.body.eventId as string)).toMatchObject({
      outcome: 'no_effect',
      note: 'amount 1 does not match order amount 2499',
    });
    const dollars = await post('orders/paid', shopify('orders/paid', id, { currency: 'USD' }));
    expect(await app.settled(dollars.body.eventId as string)).toMatchObject({
      outcome: 'no_effect',
      note: 'currency USD does not match order currency INR',
    });
    expect((await orderOf(id)).paymentStatus).toBe('pending');
  });

  it('refunds a paid order on refunds/create, e-mailing the refunded amount of its successful transactions', async () => {
    const id = await newOrder();
    await app.settled((await post('orders/paid', shopify('orders/paid', id))).body.eventId as string);
    const body = shopify('refunds/create', id) as { transactions: Array<Record<string, unknown>> };
    body.transactions = [
      { ...body.transactions[0], amount: '2000.00' },
      { ...body.transactions[0], amount: '499.00' },
      { ...body.transactions[0], amount: '99.00', status: 'failure' },
    ];
    const response = await post('refunds/create', body);
    const event = await app.settled(response.body.eventId as string);
    expect(event).toMatchObject({
      event_type: 'refunds/create',
      reference: String(id),
      outcome: 'applied',
      note: 'payment paid → refunded; refunded 2499 of 2499 INR',
    });
    expect((await orderOf(id)).paymentStatus).toBe('refunded');
    const [email] = await app.db.query<{ payload: object }>(
      "SELECT payload FROM notifications WHERE template = 'payment.refund_completed' AND payload->>'orderId' = $1",
      [String(id)],
    );
    expect(email.payload).toEqual({ orderId: String(id), amount: 2499, currency: 'INR' });
  });

  it('records a refunds/create that moved no money without effect', async () => {
    const id = await newOrder();
    await app.settled((await post('orders/paid', shopify('orders/paid', id))).body.eventId as string);
    const response = await post('refunds/create', shopify('refunds/create', id, { transactions: [] }));
    expect(await app.settled(response.body.eventId as string)).toMatchObject({
      outcome: 'no_effect',
      note: 'refunds/create moved no money: it has no successful refund transaction',
    });
    expect((await orderOf(id)).paymentStatus).toBe('paid');
  });

  it('answers 200 ignored to a topic it does not act on, and keeps it in the inbox unprocessed', async () => {
    const id = await newOrder();
    const response = await post('orders/create', shopify('orders/create (ignored)', id));
    expect(response).toMatchObject({ status: 200, body: { status: 'ignored', eventId: expect.any(String) } });
    expect(await app.event(response.body.eventId as string)).toMatchObject({ status: 'ignored', event_type: 'orders/create' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await app.event(response.body.eventId as string)).toMatchObject({ status: 'ignored', attempts: 0 });
    expect((await orderOf(id)).paymentStatus).toBe('pending');
  });

  it('refuses a bad signature (401) and a missing one (401)', async () => {
    const id = await newOrder();
    const body = shopify('orders/paid', id);
    const forged = await post('orders/paid', body, { secret: 'not-the-shopify-secret-0123456789' });
    expect(forged).toMatchObject({ status: 401, body: { message: 'Invalid webhook signature.' } });
    const unsigned = await app.post('shopify', body, { headers: { 'x-shopify-topic': 'orders/paid' } });
    expect(unsigned).toMatchObject({ status: 401, body: { message: 'Missing x-shopify-hmac-sha256 header.' } });
    await waitFor(async () => (await orderOf(id)).paymentStatus === 'pending', { what: 'order untouched' });
  });

  it('refuses a malformed acted-on payload with 400 naming the problem', async () => {
    const id = await newOrder();
    const noTotal = await post('orders/paid', shopify('orders/paid', id, { total_price: 2499 }));
    expect(noTotal.status).toBe(400);
    expect(JSON.stringify(noTotal.body.message)).toMatch(/total_price must be a decimal string in major units/);

    const lostDigits = JSON.stringify(shopify('refunds/create', 1)).replace('"order_id":1,', '"order_id":820982911946154508,');
    const unnamed = await post('refunds/create', lostDigits);
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.message).toMatch(/^refunds\/create: order_id 820982911946154500 is past what a JSON number holds exactly/);
  });
});
