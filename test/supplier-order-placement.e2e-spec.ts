import { PAYMENT_EXAMPLES } from '../src/payment/payment-events.js';
import { SUPPLIER_EXAMPLES } from '../src/supplier/supplier-events.js';
import { FakeHttpPeer, type ReceivedRequest } from './support/fake-http-peer.js';
import { TestApp } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

const SUPPLIER_API_KEY = 'supplier-api-test-key-0123456789abcdef';
const ITEMS = [{ sku: 'steam-20-usd', quantity: 1, unitPrice: 20 }];

interface Placement {
  id: string;
  orderId: string;
  status: string;
  attempts: number;
  lastHttpStatus: number | null;
  supplierOrderId: string | null;
}

describe('supplier order placement on payment (HTTP, Postgres, Redis, Bull worker, a local supplier API and Slack)', () => {
  let app: TestApp;
  let supplier: FakeHttpPeer;
  let slack: FakeHttpPeer;
  /** Statuses the supplier answers for an order's next POSTs, in order; 201 once they are used up. */
  const plans = new Map<string, number[]>();

  beforeAll(async () => {
    [supplier, slack] = await Promise.all([FakeHttpPeer.start(), FakeHttpPeer.start()]);
    supplier.respondWith((request) => plans.get(referenceOf(request))?.shift() ?? 201);
    supplier.answerBody((request, status) => (status < 300 ? { id: `SUP-${referenceOf(request)}` } : { error: 'no' }));
    app = await TestApp.start({
      env: {
        SUPPLIER_API_URL: `${supplier.url}/v1`,
        SUPPLIER_API_KEY,
        SUPPLIER_ORDER_RETRY_DELAYS_MS: '100,200',
        SLACK_WEBHOOK_URL: `${slack.url}/services/T000/B000/test-token`,
      },
    });
  });

  afterAll(async () => {
    await app?.stop();
    await Promise.all([supplier?.stop(), slack?.stop()]);
  });

  const referenceOf = (request: ReceivedRequest) => String((request.body as { reference?: string }).reference);
  const postsFor = (orderId: string) =>
    supplier.requests.filter((request) => request.method === 'POST' && referenceOf(request) === orderId);

  async function paidDigitalOrder(plan: number[] = []): Promise<string> {
    const order = await app.createOrder({ kind: 'digital', amount: 20, currency: 'USD', items: ITEMS });
    const orderId = order.id as string;
    plans.set(orderId, [...plan]);
    const response = await app.post('payment', {
      ...PAYMENT_EXAMPLES['payment.success'],
      order_id: orderId,
      payment_id: `pay_${orderId}`,
      amount: 20,
      currency: 'USD',
    });
    expect(response.status).toBe(200);
    await app.settled(response.body.eventId as string);
    return orderId;
  }

  async function placement(orderId: string, status: string): Promise<Placement> {
    return waitFor(
      async () => {
        const { body } = await app.api(`/api/v2/admin/supplier-order-placements?orderId=${orderId}`);
        const [row] = body as unknown as Placement[];
        return row?.status === status ? row : undefined;
      },
      { what: `placement of ${orderId} ${status}` },
    );
  }

  it("a paid digital order is placed once: POST /orders with our reference and its items, an Idempotency-Key and the supplier's bearer key", async () => {
    const orderId = await paidDigitalOrder();
    const placed = await placement(orderId, 'placed');
    expect(placed).toMatchObject({ attempts: 1, supplierOrderId: `SUP-${orderId}`, lastHttpStatus: 201 });

    const [request] = postsFor(orderId);
    expect(request.path).toBe('/v1/orders');
    expect(request.body).toEqual({ reference: orderId, items: ITEMS });
    expect(request.headers['idempotency-key']).toBe(`order-placement:${orderId}`);
    expect(request.headers.authorization).toBe(`Bearer ${SUPPLIER_API_KEY}`);

    // The same payment again (a gateway's retry under another id) orders nothing more.
    const again = await app.post('payment', {
      ...PAYMENT_EXAMPLES['payment.success'],
      order_id: orderId,
      payment_id: `pay_${orderId}`,
      amount: 20,
      currency: 'USD',
      timestamp: '2026-03-08T10:31:00Z',
    });
    await app.settled(again.body.eventId as string);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(postsFor(orderId)).toHaveLength(1);

    const [audit] = await app.db.query(
      "SELECT outcome, http_status FROM external_api_logs WHERE provider = 'supplier' AND payload->>'orderId' = $1",
      [orderId],
    );
    expect(audit).toMatchObject({ outcome: 'success', http_status: 201 });
  });

  it("after a placement the order's view shows the supplier's order id, created, with its SLA clock started", async () => {
    const orderId = await paidDigitalOrder();
    await placement(orderId, 'placed');
    const view = await app.order(orderId);
    expect(view.supplierOrder).toMatchObject({
      supplierOrderId: `SUP-${orderId}`,
      status: 'created',
      orderedAt: expect.any(String),
      slaDeadline: expect.any(String),
    });
  });

  it('a 5xx is retried with the same Idempotency-Key, then placed', async () => {
    const orderId = await paidDigitalOrder([503]);
    await placement(orderId, 'placed');
    const posts = postsFor(orderId);
    expect(posts).toHaveLength(2);
    expect(posts.map((request) => request.headers['idempotency-key'])).toEqual([
      `order-placement:${orderId}`,
      `order-placement:${orderId}`,
    ]);
  });

  it('a 4xx is not retried: the placement is dead at once, ops are alerted, and a replay places it with the same key', async () => {
    const orderId = await paidDigitalOrder([422]);
    const dead = await placement(orderId, 'dead');
    expect(dead).toMatchObject({ attempts: 1, lastHttpStatus: 422 });
    const [alert] = await slack.waitForRequests((request) => JSON.stringify(request.body).includes(orderId));
    expect(JSON.stringify(alert.body)).toContain('could not be placed with the supplier');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(postsFor(orderId)).toHaveLength(1);

    const replay = await app.api(`/api/v2/admin/supplier-order-placements/${dead.id}/replay`, { method: 'POST' });
    expect(replay.status).toBe(200);
    await placement(orderId, 'placed');
    expect(postsFor(orderId).map((request) => request.headers['idempotency-key'])).toEqual([
      `order-placement:${orderId}`,
      `order-placement:${orderId}`,
    ]);
  });

  it("an order whose supplier order exists already (the supplier's webhook came first) is not placed", async () => {
    const order = await app.createOrder({ kind: 'digital', amount: 20, currency: 'USD', items: ITEMS });
    const orderId = order.id as string;
    const created = await app.post('supplier', {
      event: 'order.created',
      timestamp: new Date().toISOString(),
      data: { ...(SUPPLIER_EXAMPLES['order.created'] as { data: object }).data, order_id: `SUP-EARLY-${orderId}`, reference: orderId },
    });
    expect(created.status).toBe(200);
    await app.settled(created.body.eventId as string);
    const paid = await app.post('payment', {
      ...PAYMENT_EXAMPLES['payment.success'],
      order_id: orderId,
      payment_id: `pay_${orderId}`,
      amount: 20,
      currency: 'USD',
    });
    await app.settled(paid.body.eventId as string);
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(postsFor(orderId)).toHaveLength(0);
    expect((await app.api(`/api/v2/admin/supplier-order-placements?orderId=${orderId}`)).body).toEqual([]);
    expect((await app.order(orderId)).supplierOrder).toMatchObject({ supplierOrderId: `SUP-EARLY-${orderId}` });
  });

  it('a completed refund of a digital order whose codes were delivered alerts ops once: the codes may have been used', async () => {
    const orderId = await paidDigitalOrder();
    await placement(orderId, 'placed');
    const fulfilled = await app.post('supplier', {
      event: 'order.fulfilled',
      timestamp: new Date().toISOString(),
      data: {
        ...(SUPPLIER_EXAMPLES['order.fulfilled'] as { data: object }).data,
        order_id: `SUP-${orderId}`,
        reference: orderId,
        items: [{ sku: 'steam-20-usd', code: `CODE-${orderId}-QWERTY`, pin: null }],
      },
    });
    await app.settled(fulfilled.body.eventId as string);
    expect((await app.order(orderId)).fulfillmentStatus).toBe('delivered');

    const refund = { ...PAYMENT_EXAMPLES['refund.completed'], order_id: orderId, payment_id: `pay_${orderId}`, amount: 5, currency: 'USD' };
    const response = await app.post('payment', refund);
    expect(response.status).toBe(200);
    await app.settled(response.body.eventId as string);
    const [alert] = await slack.waitForRequests(
      (request) => JSON.stringify(request.body).includes(orderId) && JSON.stringify(request.body).includes('may have been used'),
    );
    expect(JSON.stringify(alert.body)).not.toContain(`CODE-${orderId}`);
    // The same refund event again is a duplicate: no second alert.
    await app.post('payment', refund);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      slack.requests.filter(
        (request) => JSON.stringify(request.body).includes('may have been used') && JSON.stringify(request.body).includes(orderId),
      ),
    ).toHaveLength(1);
  });
});
