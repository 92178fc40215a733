import { Webhook } from 'standardwebhooks';
import { PAYMENT_EXAMPLES } from '../src/payment/payment-events.js';
import { FakeHttpPeer, type ReceivedRequest } from './support/fake-http-peer.js';
import { TestApp } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

/** Each subscriber's whsec_ secret: 32 bytes, base64 (test values, never real ones). */
const secretOf = (name: string) => `whsec_${Buffer.from(`integration-test-secret-${name}`.padEnd(32, '-')).toString('base64')}`;

interface IntegrationBody {
  type: string;
  timestamp: string;
  data: Record<string, unknown> & { orderId?: string; sequence: number };
}

/**
 * Verifies a delivery as a subscriber would, with the standardwebhooks
 * library (an implementation independent of ours): throws unless the
 * signature, id and timestamp hold under the subscriber's secret.
 */
function verified(name: string, request: ReceivedRequest): IntegrationBody {
  const headers = Object.fromEntries(
    ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((header) => [header, String(request.headers[header])]),
  );
  return new Webhook(secretOf(name)).verify(request.raw, headers) as IntegrationBody;
}

const forOrder = (orderId: string, type?: string) => (request: ReceivedRequest) => {
  const body = request.body as IntegrationBody;
  return body.data?.orderId === orderId && (type === undefined || body.type === type);
};

describe('integration events to subscribers (HTTP, Postgres, Redis, Bull worker, local subscribers)', () => {
  let app: TestApp;
  const peers: Record<string, FakeHttpPeer> = {};
  const NAMES = ['erp', 'flaky', 'down', 'gone', 'slow'];

  beforeAll(async () => {
    for (const name of NAMES) peers[name] = await FakeHttpPeer.start();
    // flaky fails the first try of each event, then takes it; down fails everything; gone has left.
    const seen = new Set<string>();
    peers.flaky.respondWith((request) => {
      const id = String(request.headers['webhook-id']);
      if (seen.has(id)) return 200;
      seen.add(id);
      return 500;
    });
    peers.down.respondWith(() => 500);
    peers.gone.respondWith(() => 410);
    peers.slow.answerAfter(1_500);
    app = await TestApp.start({
      env: {
        INTEGRATION_SUBSCRIBERS: NAMES.map((name) => `${name}=${peers[name].url}/hooks`).join(','),
        ...Object.fromEntries(NAMES.map((name) => [`INTEGRATION_SECRET_${name.toUpperCase()}`, secretOf(name)])),
        // Only erp takes every type; the others take the payment's.
        INTEGRATION_EVENTS_FLAKY: 'order.paid',
        INTEGRATION_EVENTS_DOWN: 'order.paid',
        INTEGRATION_EVENTS_GONE: 'order.paid',
        INTEGRATION_EVENTS_SLOW: 'order.payment_failed',
        // Two slots per worker, at most one per subscriber: a slow subscriber cannot take both.
        INTEGRATION_WORKER_CONCURRENCY: '2',
        INTEGRATION_MAX_IN_FLIGHT_PER_SUBSCRIBER: '1',
        INTEGRATION_RETRY_DELAYS_MS: '100,200',
        INTEGRATION_RETRY_JITTER_PERCENT: '0',
      },
    });
  });

  afterAll(async () => {
    await app?.stop();
    for (const peer of Object.values(peers)) await peer.stop();
  });

  async function paidOrder(overrides: Record<string, unknown> = {}): Promise<{ orderId: string; eventId: string }> {
    const order = await app.createOrder(overrides);
    const orderId = order.id as string;
    const response = await app.post('payment', { ...PAYMENT_EXAMPLES['payment.success'], order_id: orderId, amount: order.amount });
    expect(response.status).toBe(200);
    return { orderId, eventId: response.body.eventId as string };
  }

  const deliveries = (query: string) => app.api(`/api/v2/admin/integration-deliveries?${query}`);

  it('a payment webhook gives each subscriber a verified order.paid, with the order, amounts, cause and sequence', async () => {
    const { orderId, eventId } = await paidOrder();
    const [request] = await peers.erp.waitForRequests(forOrder(orderId, 'order.paid'));

    const body = verified('erp', request);
    expect(request.path).toBe('/hooks');
    expect(body).toEqual({
      type: 'order.paid',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: expect.objectContaining({
        orderId,
        sequence: 1,
        amount: 2499,
        currency: 'INR',
        paymentStatus: 'paid',
        paymentId: 'pay_abc123xyz',
        sourceEventId: eventId,
        source: 'payment',
      }),
    });
    expect(JSON.stringify(body)).not.toContain('john.doe@example.com');
    // Signed for erp, not verifiable under another subscriber's secret.
    expect(() => verified('flaky', request)).toThrow();

    const [row] = await app.db.query(
      "SELECT outcome, http_status, payload FROM external_api_logs WHERE provider = 'integration:erp' AND payload->>'orderId' = $1",
      [orderId],
    );
    expect(row).toMatchObject({ outcome: 'success', http_status: 200, payload: expect.objectContaining({ type: 'order.paid' }) });
  });

  it("every order event carries the order's items: what an inventory service moves stock by", async () => {
    const items = [
      { sku: 'TSHIRT-M', quantity: 2, unitPrice: 999.5 },
      { sku: 'MUG', quantity: 1, unitPrice: 500 },
    ];
    const { orderId } = await paidOrder({ items });
    const [request] = await peers.erp.waitForRequests(forOrder(orderId, 'order.paid'));
    expect(verified('erp', request).data.items).toEqual(items);
  });

  it('a delivery scan gives order.delivered, numbered after the order.paid it follows, then order.completed once', async () => {
    const { orderId } = await paidOrder();
    const scan = {
      event: 'shipment.delivered',
      order_id: orderId,
      awb: `AWB-${orderId}`,
      status: 'delivered',
      timestamp: new Date().toISOString(),
    };
    expect((await app.post('shipping', scan)).status).toBe(200);

    const [request] = await peers.erp.waitForRequests(forOrder(orderId, 'order.delivered'));
    const body = verified('erp', request);
    expect(body.data).toMatchObject({ orderId, sequence: 2, fulfillmentStatus: 'delivered', awb: `AWB-${orderId}` });
    const [paid] = await peers.erp.waitForRequests(forOrder(orderId, 'order.paid'));
    expect(verified('erp', paid).data.sequence).toBe(1);

    // Then order.completed, once: a replay of the scan completes nothing again.
    const [completed] = await peers.erp.waitForRequests(forOrder(orderId, 'order.completed'));
    expect(verified('erp', completed).data).toMatchObject({ orderId, sequence: 3, completedBy: 'order.delivered' });
    expect(await app.order(orderId)).toMatchObject({ status: 'completed', completedAt: expect.any(String) });
    const [scanEvent] = await app.db.query("SELECT id FROM webhook_events WHERE provider = 'shipping' AND reference = $1", [orderId]);
    expect((await app.api(`/api/v2/admin/webhook-events/${scanEvent.id as string}/replay`, { method: 'POST' })).status).toBe(200);
    await app.settled(scanEvent.id as string);
    const [{ count }] = await app.db.query(
      "SELECT count(*)::int AS count FROM integration_events WHERE order_id = $1 AND type = 'order.completed'",
      [orderId],
    );
    expect(count).toBe(1);
  });

  it('a subscriber answering 500 then 200 gets the same webhook-id twice, each verified', async () => {
    const { orderId } = await paidOrder();
    const tries = await peers.flaky.waitForRequests(forOrder(orderId), 2);
    expect(tries).toHaveLength(2);
    expect(tries[1].headers['webhook-id']).toBe(tries[0].headers['webhook-id']);
    for (const request of tries) expect(verified('flaky', request).type).toBe('order.paid');
    expect(tries[0].raw).toBe(tries[1].raw);

    const sent = await waitFor(async () => {
      const list = (await deliveries(`subscriber=flaky&orderId=${orderId}`)).body as unknown as Array<Record<string, unknown>>;
      return list[0]?.status === 'sent' ? list[0] : undefined;
    });
    expect(sent).toMatchObject({ attempts: 2, eventId: tries[0].headers['webhook-id'], type: 'order.paid' });
  });

  it('a dead subscriber delays no other: erp has the event at once while down is still failing; down ends dead, alerted once', async () => {
    const { orderId } = await paidOrder();
    await peers.erp.waitForRequests(forOrder(orderId, 'order.paid'), 1, 2_000);
    const downTries = peers.down.requests.filter(forOrder(orderId));
    expect(downTries.length).toBeLessThan(3);

    await peers.down.waitForRequests(forOrder(orderId), 3);
    const dead = await waitFor(async () => {
      const list = (await deliveries(`status=dead&subscriber=down&orderId=${orderId}`)).body as unknown as Array<Record<string, unknown>>;
      return list[0];
    });
    expect(dead).toMatchObject({ status: 'dead', attempts: 3, lastHttpStatus: 500, lastError: 'HTTP 500' });
    // Three tries in all: 1 + INTEGRATION_RETRY_DELAYS_MS's two.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(peers.down.requests.filter(forOrder(orderId))).toHaveLength(3);

    const alerts = await app.db.query("SELECT payload FROM notifications WHERE template = 'ops.integration_delivery_dead'");
    expect(alerts).toHaveLength(1);
    expect(alerts[0].payload).toMatchObject({ subscriber: 'down' });
  });

  it('a slow subscriber delays no other: it holds one worker slot, erp gets every event meanwhile', async () => {
    const orders: string[] = [];
    const started = Date.now();
    for (let i = 0; i < 4; i += 1) {
      const order = await app.createOrder();
      orders.push(order.id as string);
      const failed = { ...PAYMENT_EXAMPLES['payment.failed'], order_id: order.id, amount: order.amount };
      expect((await app.post('payment', failed)).status).toBe(200);
    }
    for (const orderId of orders) await peers.erp.waitForRequests(forOrder(orderId, 'order.payment_failed'), 1, 10_000);
    // slow takes 1.5 s per answer, one at a time: erp had all four before slow answered its first.
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(orders.filter((orderId) => peers.slow.requests.some(forOrder(orderId))).length).toBeLessThanOrEqual(2);
    for (const orderId of orders) {
      const [request] = await peers.slow.waitForRequests(forOrder(orderId), 1, 10_000);
      expect(verified('slow', request).type).toBe('order.payment_failed');
    }
    for (const orderId of orders) {
      await waitFor(async () => {
        const list = (await deliveries(`subscriber=slow&orderId=${orderId}`)).body as unknown as Array<Record<string, unknown>>;
        return list[0]?.status === 'sent' && list[0].attempts === 1;
      });
    }
  });

  it('replay of a dead delivery sends it again, same webhook-id, and it ends sent', async () => {
    const { orderId } = await paidOrder();
    const dead = await waitFor(async () => {
      const list = (await deliveries(`status=dead&subscriber=down&orderId=${orderId}`)).body as unknown as Array<Record<string, unknown>>;
      return list[0];
    });
    peers.down.answerNext(200);
    const replay = await app.api(`/api/v2/admin/integration-deliveries/${dead.id as string}/replay`, { method: 'POST' });
    expect(replay).toMatchObject({ status: 200, body: { id: dead.id, status: 'pending' } });

    const tries = await peers.down.waitForRequests(forOrder(orderId), 4);
    expect(new Set(tries.map((request) => request.headers['webhook-id']))).toEqual(new Set([dead.eventId]));
    expect(verified('down', tries[3]).data.orderId).toBe(orderId);
    await waitFor(async () => {
      const list = (await deliveries(`subscriber=down&orderId=${orderId}`)).body as unknown as Array<Record<string, unknown>>;
      return list[0]?.status === 'sent';
    });

    const again = await app.api(`/api/v2/admin/integration-deliveries/${dead.id as string}/replay`, { method: 'POST', apiKey: null });
    expect(again.status).toBe(401);
  });

  it('a 410 disables the subscriber (persisted) with an ops alert; nothing more is sent to it until enabled', async () => {
    // gone answered 410 to the first order.paid of this file, whichever test paid it.
    await paidOrder();
    const [goneRequest] = await peers.gone.waitForRequests(() => true);
    expect(verified('gone', goneRequest).type).toBe('order.paid');
    await waitFor(async () => {
      const [row] = await app.db.query("SELECT disabled_at FROM integration_subscribers WHERE name = 'gone'");
      return row?.disabled_at;
    });
    const alerts = await app.db.query("SELECT payload FROM notifications WHERE template = 'ops.integration_subscriber_disabled'");
    expect(alerts).toEqual([{ payload: expect.objectContaining({ subscriber: 'gone', eventType: 'order.paid' }) }]);

    const second = await paidOrder();
    const buried = await waitFor(async () => {
      const list = (await deliveries(`subscriber=gone&orderId=${second.orderId}`)).body as unknown as Array<Record<string, unknown>>;
      return list[0]?.status === 'dead' ? list[0] : undefined;
    });
    expect(buried.lastError).toMatch(/disabled/);
    expect(peers.gone.requests.filter(forOrder(second.orderId))).toEqual([]);

    const subscribers = (await app.api('/api/v2/admin/integration-subscribers')).body as unknown as Array<Record<string, unknown>>;
    expect(subscribers.find((subscriber) => subscriber.name === 'gone')).toMatchObject({ disabledAt: expect.any(String) });
    expect(JSON.stringify(subscribers)).not.toContain('whsec_');
    const refused = await app.api(`/api/v2/admin/integration-deliveries/${buried.id as string}/replay`, { method: 'POST' });
    expect(refused.status).toBe(409);

    expect((await app.api('/api/v2/admin/integration-subscribers/gone/enable', { method: 'POST' })).body).toMatchObject({
      disabledAt: null,
    });
    peers.gone.answerNext(200);
    expect((await app.api(`/api/v2/admin/integration-deliveries/${buried.id as string}/replay`, { method: 'POST' })).status).toBe(200);
    await peers.gone.waitForRequests(forOrder(second.orderId));
  });

  it('counts deliveries per subscriber in /metrics', async () => {
    const metrics = await fetch(`${app.url}/metrics`).then((response) => response.text());
    expect(metrics).toMatch(/integration_deliveries_total\{subscriber="erp",outcome="sent"\} [1-9]/);
    expect(metrics).toMatch(/integration_deliveries_total\{subscriber="down",outcome="dead"\} [1-9]/);
    expect(metrics).toContain('integration_delivery_duration_seconds_bucket{le="0.05",subscriber="erp"}');
    expect(metrics).toContain('# TYPE integration_backlog_age_seconds gauge');
  });
});
