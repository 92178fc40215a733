import { ORDER_PAYMENT_EXAMPLES } from '../src/order-payment/order-payment-events.js';
import { TestApp } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

let sequence = 0;

/** The storefront's order payload for one of our orders; each call has its own updatedAt unless given. */
function orderPayment(
  id: string,
  status: string,
  extra: { paymentId?: string; updatedAt?: string; figures?: { amount?: number; currency?: string } } = {},
) {
  const example = ORDER_PAYMENT_EXAMPLES['order.payment (PAID)'] as { orderPayment: Record<string, unknown> };
  return {
    event: 'order.payment',
    id,
    orderPayment: { ...example.orderPayment, status, paymentId: extra.paymentId ?? `op_${++sequence}`, ...extra.figures },
    updatedAt: extra.updatedAt ?? new Date(Date.UTC(2026, 4, 1, 14, 0, ++sequence)).toISOString(),
  };
}

describe('storefront order payment webhook (HTTP, Postgres, Redis, Bull worker)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.stop();
  });

  const order = async (kind = 'digital', overrides: Record<string, unknown> = {}) =>
    (await app.createOrder({ kind, amount: 20.0, currency: 'USD', ...overrides })).id as string;
  const processed = (eventId: unknown) => app.settled(eventId as string);
  const deliver = async (body: object) => {
    const response = await app.post('order-payment', body);
    expect(response.status).toBe(200);
    return processed(response.body.eventId);
  };

  it('PAID marks the payment paid; a digital order whose codes the supplier has not delivered waits for them', async () => {
    const id = await order();
    const event = await deliver(orderPayment(id, 'PAID', { paymentId: 'op_paid_1', updatedAt: '2026-05-01T14:25:00Z' }));

    expect(event).toMatchObject({ provider: 'order-payment', event_type: 'order.payment', reference: id, outcome: 'applied' });
    expect(event.note).toBe('payment pending → paid; fulfilment waits for the supplier');
    expect(await app.order(id)).toMatchObject({ paymentStatus: 'paid', fulfillmentStatus: 'unfulfilled' });
    const [row] = await app.db.query<{ payment_id: string; completed_at: Date }>(
      'SELECT payment_id, completed_at FROM orders WHERE id = $1',
      [id],
    );
    expect(row).toEqual({ payment_id: 'op_paid_1', completed_at: null });
  });

  it.each([
    [{ amount: 0.01, currency: 'USD' }, 'amount 0.01 does not match order amount 20'],
    [{ amount: 20.0, currency: 'INR' }, 'currency INR does not match order currency USD'],
  ])('PAID with %j confirms nothing: no effect with the reason, and one Slack alert to ops', async (figures, reason) => {
    const id = await order();
    const event = await deliver(orderPayment(id, 'PAID', { figures }));

    expect(event).toMatchObject({ status: 'processed', outcome: 'no_effect', note: reason });
    expect(await app.order(id)).toMatchObject({ paymentStatus: 'pending', fulfillmentStatus: 'unfulfilled' });
    const alerts = await app.db.query(
      "SELECT channel, payload FROM notifications WHERE template = 'ops.payment_mismatch' AND payload->>'orderId' = $1",
      [id],
    );
    expect(alerts).toEqual([{ channel: 'slack', payload: { eventId: event.id, provider: 'order-payment', orderId: id, reason } }]);
  });

  it('answers 400 to a PAID without amount or currency: a payment confirmation must state them', async () => {
    const id = await order();
    for (const figures of [{ amount: undefined }, { currency: undefined }]) {
      const response = await app.post('order-payment', orderPayment(id, 'PAID', { figures }));
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).toMatch(/amount|currency/);
    }
    // Other statuses confirm nothing and need no figures.
    const { amount: _amount, currency: _currency, ...bare } = orderPayment(id, 'PENDING').orderPayment;
    expect((await app.post('order-payment', { id, orderPayment: bare })).status).toBe(200);
  });

  it("PAID that confirms the payment e-mails the customer once, as the gateway's payment.success does", async () => {
    const id = await order();
    const outbox = () =>
      app.db.query("SELECT channel, template, recipient, payload FROM notifications WHERE payload->>'orderId' = $1", [id]);
    await deliver(orderPayment(id, 'PAID'));
    expect(await outbox()).toEqual([
      {
        channel: 'email',
        template: 'payment.confirmed',
        recipient: 'john.doe@example.com',
        payload: { orderId: id, amount: 20, currency: 'USD' },
      },
    ]);

    await deliver(orderPayment(id, 'PAID'));
    expect(await outbox()).toHaveLength(1);
  });

  it('PAID marks a physical order paid and leaves its shipping to the carrier', async () => {
    const id = await order('physical');
    await deliver(orderPayment(id, 'PAID'));
    expect(await app.order(id)).toMatchObject({ paymentStatus: 'paid', fulfillmentStatus: 'unfulfilled' });
  });

  it.each(['PENDING', 'FAILED', 'paid', 'AUTHORIZED'])('%s confirms nothing and is recorded so', async (status) => {
    const id = await order();
    const event = await deliver(orderPayment(id, status));

    expect(event).toMatchObject({ status: 'processed', outcome: 'no_effect', note: `orderPayment.status ${status} confirms no payment` });
    expect(await app.order(id)).toMatchObject({ paymentStatus: 'pending', fulfillmentStatus: 'unfulfilled' });
  });

  it('is idempotent: the same body is a duplicate, a second PAID has no effect', async () => {
    const id = await order();
    const body = orderPayment(id, 'PAID');
    const first = await deliver(body);
    expect((await app.post('order-payment', body)).body).toEqual({ status: 'duplicate', eventId: first.id });

    const second = await deliver(orderPayment(id, 'PAID'));
    expect(second).toMatchObject({
      outcome: 'no_effect',
      note: 'payment already paid; fulfilment stays unfulfilled (waits for the supplier)',
    });
  });

  it('delivers an order the supplier fulfilled, and one paid first once the supplier fulfils it', async () => {
    const fulfilledFirst = await order();
    const supplierFulfilled = (reference: string) => ({
      event: 'order.fulfilled',
      timestamp: '2026-05-01T14:23:11Z',
      data: {
        order_id: `SUP-${reference}`,
        reference,
        status: 'fulfilled',
        items: [{ sku: 'steam-20-usd', code: 'XXXXX-YYYYY-ZZZZZ', pin: null }],
      },
    });
    await processed((await app.post('supplier', supplierFulfilled(fulfilledFirst))).body.eventId);
    await deliver(orderPayment(fulfilledFirst, 'PAID'));
    expect((await app.order(fulfilledFirst)).fulfillmentStatus).toBe('delivered');

    const paidFirst = await order();
    await deliver(orderPayment(paidFirst, 'PAID'));
    const late = await processed((await app.post('supplier', supplierFulfilled(paidFirst))).body.eventId);
    expect(late).toMatchObject({ outcome: 'applied', note: expect.stringContaining('fulfilment unfulfilled → delivered') });
    expect(await app.order(paidFirst)).toMatchObject({ fulfillmentStatus: 'delivered', supplierOrder: { status: 'fulfilled' } });
  });

  it('records a PAID after a refund without effect', async () => {
    const id = await order();
    await app.db.query("UPDATE orders SET payment_status = 'refunded' WHERE id = $1", [id]);
    const event = await deliver(orderPayment(id, 'PAID'));
    expect(event).toMatchObject({ outcome: 'no_effect', note: 'payment.success cannot move payment from refunded' });
    expect(await app.order(id)).toMatchObject({ paymentStatus: 'refunded', fulfillmentStatus: 'unfulfilled' });
  });

  it('applies one of many PAID deliveries for one order arriving at once', async () => {
    const id = await order();
    const bodies = Array.from({ length: 10 }, (_, i) => orderPayment(id, i % 2 === 0 ? 'PAID' : 'PENDING'));
    const responses = await Promise.all(bodies.map((body) => app.post('order-payment', body)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const events = await Promise.all(responses.map((r) => processed(r.body.eventId)));

    expect(events.filter((e) => e.outcome === 'applied')).toHaveLength(1);
    expect(events.every((e) => e.status === 'processed')).toBe(true);
    expect(await app.order(id)).toMatchObject({ paymentStatus: 'paid', fulfillmentStatus: 'unfulfilled' });
  });

  it('retries a PAID for an order we do not have yet, and applies it once the order appears', async () => {
    const id = `ORD-LATE-SF-${Date.now()}`;
    const response = await app.post('order-payment', orderPayment(id, 'PAID'));
    await waitFor(async () => (await app.event(response.body.eventId as string))?.status === 'retrying', { what: 'first try failed' });

    await order('digital', { id });

    const event = await processed(response.body.eventId);
    expect(event).toMatchObject({ status: 'processed', outcome: 'applied' });
    expect(Number(event.attempts)).toBeGreaterThan(1);
    expect(await app.order(id)).toMatchObject({ paymentStatus: 'paid', fulfillmentStatus: 'unfulfilled' });
  });

  it("without a supplier configured, PAID delivers a digital order (the seed's PAID → delivered)", async () => {
    const noSupplier = await TestApp.start({ env: { WEBHOOK_SECRET_SUPPLIER: '' } });
    try {
      const id = (await noSupplier.createOrder({ kind: 'digital', amount: 20.0, currency: 'USD' })).id as string;
      const response = await noSupplier.post('order-payment', orderPayment(id, 'PAID', { updatedAt: '2026-05-01T14:25:00Z' }));
      expect(await noSupplier.settled(response.body.eventId as string)).toMatchObject({
        outcome: 'applied',
        note: 'payment pending → paid; fulfilment unfulfilled → delivered',
      });
      expect(await noSupplier.order(id)).toMatchObject({ paymentStatus: 'paid', fulfillmentStatus: 'delivered' });
    } finally {
      await noSupplier.stop();
    }
  });

  it('accepts the payload without the optional event field', async () => {
    const id = await order();
    const { event: _event, ...withoutEvent } = orderPayment(id, 'PAID');
    expect((await deliver(withoutEvent)).outcome).toBe('applied');
  });

  it('documents the webhook in Swagger with a PAID and an other-status example', async () => {
    const document = (await app.api('/docs-json')).body as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const webhook = document.paths['/api/v2/webhook/order-payment'].post;
    const examples = (webhook.requestBody as { content: Record<string, { examples: object }> }).content['application/json'].examples;
    expect(Object.keys(examples)).toEqual(['order.payment (PAID)', 'order.payment (any other status)']);
  });

  it('answers 400 listing the known event for an unknown event type, and for a payload without orderPayment.status', async () => {
    const unknown = await app.post('order-payment', { ...orderPayment('ORD-1', 'PAID'), event: 'order.shipped' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('event must be one of: order.payment');

    const noStatus = await app.post('order-payment', { id: 'ORD-1', orderPayment: {} });
    expect(noStatus.status).toBe(400);
    expect(JSON.stringify(noStatus.body)).toContain('status');
  });
});
