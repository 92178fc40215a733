import { SHIPPING_EVENTS, SHIPPING_EXAMPLES, type ShippingEvent } from '../src/shipping/shipping-events.js';
import { FakeHttpPeer } from './support/fake-http-peer.js';
import { FakeSmtpServer } from './support/fake-smtp-server.js';
import { TestApp, testSecret } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

const PHONE = '+919876543210';
const EMAIL = 'john.doe@example.com';

/** The partner's example scan of `event`, for an order and its own AWB. */
const scan = (event: ShippingEvent, orderId: string, extra: Record<string, unknown> = {}) => ({
  ...SHIPPING_EXAMPLES[event],
  order_id: orderId,
  awb: `AWB-${orderId}`,
  ...extra,
});

interface HistoryEntry {
  status: string;
  eventType: string;
  location: { city: string | null };
  occurredAt: string;
  applied: boolean;
  eventId: string;
}
interface ShipmentSection {
  awb: string;
  status: string;
  deliveredTo: string | null;
  history: HistoryEntry[];
}

describe('shipping webhook (HTTP, Postgres, Redis, Bull worker, SMTP, SMS and Slack peers)', () => {
  let app: TestApp;
  let smtp: FakeSmtpServer;
  let sms: FakeHttpPeer;
  let slack: FakeHttpPeer;

  beforeAll(async () => {
    [smtp, sms, slack] = await Promise.all([FakeSmtpServer.start(), FakeHttpPeer.start(), FakeHttpPeer.start()]);
    app = await TestApp.start({
      env: { SMTP_URL: smtp.url, SMS_GATEWAY_URL: `${sms.url}/sms`, SLACK_WEBHOOK_URL: `${slack.url}/services/T000/B000/test-token` },
    });
  });

  afterAll(async () => {
    await app.stop();
    await Promise.all([smtp.stop(), sms.stop(), slack.stop()]);
  });

  /** Posts a scan and waits until it is processed; returns its inbox row. */
  const deliver = async (body: object) => {
    const response = await app.post('shipping', body);
    expect(response.status).toBe(200);
    return app.settled(response.body.eventId as string);
  };

  const newOrder = async (overrides: Record<string, unknown> = {}) => (await app.createOrder(overrides)).id as string;
  const fulfillmentOf = async (orderId: string) => (await app.order(orderId)).fulfillmentStatus;
  const shipmentsOf = async (orderId: string) => (await app.order(orderId)).shipments as ShipmentSection[];
  const outboxOf = (orderId: string) =>
    app.db.query<{ channel: string; template: string; recipient: string | null; payload: Record<string, unknown> }>(
      "SELECT channel, template, recipient, payload FROM notifications WHERE payload->>'orderId' = $1 ORDER BY channel, template",
      [orderId],
    );

  describe('each event type', () => {
    /** Scans that put the order where the event under test applies. */
    const before: Partial<Record<ShippingEvent, ShippingEvent[]>> = { 'shipment.delivery_failed': ['shipment.out_for_delivery'] };

    it.each(SHIPPING_EVENTS)('accepts the example %s and moves the order to its status', async (event) => {
      const id = await newOrder();
      for (const earlier of before[event] ?? []) await deliver(scan(earlier, id, { timestamp: '2026-03-08T08:00:00Z' }));

      const response = await app.post('shipping', scan(event, id));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'accepted', eventId: expect.any(String) });
      const row = await app.settled(response.body.eventId as string);

      const status = event.replace('shipment.', '');
      expect(row).toMatchObject({ status: 'processed', outcome: 'applied', reference: id });
      expect(await fulfillmentOf(id)).toBe(status);
      const [shipment] = await shipmentsOf(id);
      expect(shipment).toMatchObject({ awb: `AWB-${id}`, status });
      expect(shipment.history.at(-1)).toMatchObject({ eventType: event, status, applied: true, eventId: response.body.eventId });
    });
  });

  it('follows the happy path to delivered: order completed, tracking history, customer notices in the outbox', async () => {
    const id = await newOrder();
    for (const event of ['shipment.shipped', 'shipment.in_transit', 'shipment.out_for_delivery', 'shipment.delivered'] as const) {
      expect(await deliver(scan(event, id))).toMatchObject({ outcome: 'applied' });
    }

    expect(await fulfillmentOf(id)).toBe('delivered');
    const [order] = await app.db.query<{ completed_at: Date }>('SELECT completed_at FROM orders WHERE id = $1', [id]);
    expect(order.completed_at.toISOString()).toBe('2026-03-08T15:45:00.000Z');

    const shipments = await shipmentsOf(id);
    expect(shipments).toHaveLength(1);
    expect(shipments[0]).toMatchObject({ awb: `AWB-${id}`, status: 'delivered', deliveredAt: '2026-03-08T15:45:00.000Z' });
    expect(shipments[0].history).toEqual([
      expect.objectContaining({
        status: 'shipped',
        location: expect.objectContaining({ city: 'Bhiwandi' }),
        occurredAt: '2026-03-07T09:00:00.000Z',
      }),
      expect.objectContaining({
        status: 'in_transit',
        location: expect.objectContaining({ city: 'Thane' }),
        occurredAt: '2026-03-07T21:30:00.000Z',
      }),
      expect.objectContaining({
        status: 'out_for_delivery',
        location: expect.objectContaining({ city: 'Mumbai' }),
        occurredAt: '2026-03-08T08:15:00.000Z',
      }),
      expect.objectContaining({
        status: 'delivered',
        location: expect.objectContaining({ city: 'Mumbai' }),
        occurredAt: '2026-03-08T15:45:00.000Z',
      }),
    ]);

    const outbox = await outboxOf(id);
    expect(outbox.map(({ channel, template, recipient }) => ({ channel, template, recipient }))).toEqual([
      { channel: 'email', template: 'shipment.delivered', recipient: EMAIL },
      { channel: 'sms', template: 'shipment.delivered', recipient: PHONE },
      { channel: 'sms', template: 'shipment.out_for_delivery', recipient: PHONE },
      { channel: 'sms', template: 'shipment.shipped', recipient: PHONE },
    ]);
    // The recipient's name and signature are personal data: not in notices or event notes.
    const notes = await app.db.query('SELECT note FROM webhook_events WHERE reference = $1', [id]);
    expect(JSON.stringify([outbox, notes])).not.toMatch(/John Doe|signatures\/xyz/);
  });

  it('re-attempts a failed delivery: delivery_failed, out_for_delivery again, delivered', async () => {
    const id = await newOrder();
    await deliver(scan('shipment.shipped', id));
    await deliver(scan('shipment.out_for_delivery', id));
    expect(await deliver(scan('shipment.delivery_failed', id))).toMatchObject({ outcome: 'applied' });
    expect(await fulfillmentOf(id)).toBe('delivery_failed');

    const failureNotices = (await outboxOf(id)).filter(({ template }) => template.startsWith('shipment.delivery_failed'));
    expect(failureNotices).toEqual([
      expect.objectContaining({ channel: 'slack', template: 'shipment.delivery_failed.ops', recipient: null }),
      expect.objectContaining({ channel: 'sms', template: 'shipment.delivery_failed', recipient: PHONE }),
    ]);

    const retry = await deliver(scan('shipment.out_for_delivery', id, { timestamp: '2026-03-09T08:00:00Z' }));
    expect(retry).toMatchObject({ outcome: 'applied', note: `fulfilment delivery_failed → out_for_delivery (AWB AWB-${id})` });
    await deliver(scan('shipment.delivered', id, { delivered_at: '2026-03-09T11:00:00Z' }));

    expect(await fulfillmentOf(id)).toBe('delivered');
    const [shipment] = await shipmentsOf(id);
    expect(shipment.history.map((entry) => entry.status)).toEqual([
      'shipped',
      'out_for_delivery',
      'delivery_failed',
      'out_for_delivery',
      'delivered',
    ]);
  });

  it('sends the notices through the real peers: delivered by e-mail and SMS, a failed delivery by SMS and to ops on Slack', async () => {
    const id = await newOrder();
    await deliver(scan('shipment.out_for_delivery', id));
    await deliver(scan('shipment.delivery_failed', id));
    await deliver(scan('shipment.delivered', id, { delivered_at: '2026-03-09T11:00:00Z' }));

    const [mail] = await smtp.waitForMessages((message) => message.text.includes(id));
    expect(mail).toMatchObject({ to: [EMAIL], subject: `Your order ${id} has been delivered` });
    const texts = await sms.waitForRequests((request) => JSON.stringify(request.body).includes(id), 3);
    expect(texts.map((request) => request.body)).toEqual(
      expect.arrayContaining([
        { to: PHONE, text: `Your order ${id} is out for delivery today.` },
        { to: PHONE, text: `We could not deliver your order ${id} today. The courier will try again.` },
        { to: PHONE, text: `Your order ${id} has been delivered. Thank you for shopping with us.` },
      ]),
    );
    const [alert] = await slack.waitForRequests((request) => JSON.stringify(request.body).includes(id));
    expect(JSON.stringify(alert.body)).toContain(`Delivery failed for order ${id} (AWB AWB-${id}) at Mumbai`);
    expect(JSON.stringify([mail, texts, alert])).not.toMatch(/John Doe|signatures\/xyz/);
  });

  it("escapes the courier's text on Slack and keeps an AWB that is no id out of the customer's SMS", async () => {
    const id = await newOrder();
    const awb = 'AWB-1 <!channel> <https://evil.example/track|Track your parcel>';
    const location = { city: 'Mumbai <!here> & <https://evil.example|pay here>' };
    await deliver(scan('shipment.shipped', id, { awb }));
    await deliver(scan('shipment.delivery_failed', id, { awb, location }));

    const texts = await sms.waitForRequests((request) => JSON.stringify(request.body).includes(id), 2);
    expect(texts.map((request) => request.body)).toEqual(expect.arrayContaining([{ to: PHONE, text: `Your order ${id} has shipped.` }]));
    expect(JSON.stringify(texts)).not.toContain('evil.example');
    const [alert] = await slack.waitForRequests((request) => JSON.stringify(request.body).includes(id));
    const text = (alert.body as { text: string }).text;
    expect(text).toBe(
      `Delivery failed for order ${id} (AWB not shown: unsafe characters) at Mumbai here https//evil.examplepay here. ` +
        'The carrier will re-attempt; check with the customer if it fails again.',
    );
    expect(text).not.toMatch(/[<>]/);
  });

  it('keeps a late in_transit after delivered in the history and moves nothing', async () => {
    const id = await newOrder();
    await deliver(scan('shipment.shipped', id));
    await deliver(scan('shipment.delivered', id));

    const late = await deliver(scan('shipment.in_transit', id));

    expect(late).toMatchObject({
      status: 'processed',
      outcome: 'no_effect',
      note: 'order already delivered; shipment.in_transit moves nothing',
    });
    expect(await fulfillmentOf(id)).toBe('delivered');
    const [shipment] = await shipmentsOf(id);
    expect(shipment.status).toBe('delivered');
    expect(shipment.history.map(({ status, applied }) => ({ status, applied }))).toEqual([
      { status: 'shipped', applied: true },
      { status: 'in_transit', applied: false },
      { status: 'delivered', applied: true },
    ]);
  });

  it('orders scans by their own time: an earlier scan arriving after a later one moves nothing', async () => {
    const id = await newOrder();
    await deliver(scan('shipment.shipped', id));
    // The carrier's 13:20 failure reaches us before its 08:15 out-for-delivery scan.
    await deliver(scan('shipment.delivery_failed', id));
    const early = await deliver(scan('shipment.out_for_delivery', id));

    expect(early).toMatchObject({
      outcome: 'no_effect',
      note: 'shipment.out_for_delivery of 2026-03-08T08:15:00.000Z is older than the latest applied scan (2026-03-08T13:20:00.000Z)',
    });
    expect(await fulfillmentOf(id)).toBe('delivery_failed');
    const [shipment] = await shipmentsOf(id);
    expect(shipment.history.map(({ status, applied }) => ({ status, applied }))).toEqual([
      { status: 'shipped', applied: true },
      { status: 'out_for_delivery', applied: false },
      { status: 'delivery_failed', applied: true },
    ]);
    expect((await outboxOf(id)).map(({ template }) => template)).not.toContain('shipment.out_for_delivery');
  });

  it('orders by time even when a failed delivery is the first scan to arrive', async () => {
    const id = await newOrder();
    // Nothing before it reached us: the 13:20 failure still happened after the 08:15 run out for delivery.
    expect(await deliver(scan('shipment.delivery_failed', id))).toMatchObject({ outcome: 'applied' });
    const early = await deliver(scan('shipment.out_for_delivery', id));

    expect(early).toMatchObject({ outcome: 'no_effect' });
    expect(await fulfillmentOf(id)).toBe('delivery_failed');
    expect((await outboxOf(id)).map(({ template }) => template)).toEqual(['shipment.delivery_failed.ops', 'shipment.delivery_failed']);
  });

  it('answers duplicate for the same scan again, conflict for the same partner event id with another body, with one effect', async () => {
    const id = await newOrder();
    const body = scan('shipment.shipped', id);
    const first = await app.post('shipping', body);
    const again = await app.post('shipping', body);
    expect(again).toMatchObject({ status: 200, body: { status: 'duplicate', eventId: first.body.eventId } });

    const withId = scan('shipment.in_transit', id, { event_id: 'evt-in-transit-1' });
    const byId = await app.post('shipping', withId);
    const sameId = await app.post('shipping', { ...withId, timestamp: '2026-03-07T22:00:00Z' });
    expect(sameId.body).toEqual({ status: 'conflict', eventId: byId.body.eventId });

    await app.settled(first.body.eventId as string);
    await app.settled(byId.body.eventId as string);
    expect(await app.db.query('SELECT id FROM webhook_events WHERE reference = $1', [id])).toHaveLength(2);
    expect((await shipmentsOf(id))[0].history).toHaveLength(2);
    expect(await outboxOf(id)).toHaveLength(1);
  });

  it('replays a processed scan from the admin API with no second effect: history, status and outbox unchanged', async () => {
    const id = await newOrder();
    await deliver(scan('shipment.shipped', id));
    const response = await app.post('shipping', scan('shipment.in_transit', id));
    await app.settled(response.body.eventId as string);
    const [before, outboxBefore] = [await shipmentsOf(id), await outboxOf(id)];

    const replay = await app.api(`/api/v2/admin/webhook-events/${response.body.eventId as string}/replay`, { method: 'POST' });
    expect(replay.body).toEqual({ replayed: 1, eventIds: [response.body.eventId] });
    // The replay set it back to pending; once processed again, its record stands (it applied, in one try).
    const row = await app.settled(response.body.eventId as string);

    expect(row).toMatchObject({ status: 'processed', outcome: 'applied', attempts: 1, last_error: null });
    expect(await fulfillmentOf(id)).toBe('in_transit');
    expect(await shipmentsOf(id)).toEqual(before);
    expect(await outboxOf(id)).toEqual(outboxBefore);
  });

  it('applies different scans of one order arriving at the same moment as their times say', async () => {
    const id = await newOrder();
    const events = ['shipment.delivered', 'shipment.out_for_delivery', 'shipment.in_transit', 'shipment.shipped'] as const;
    const responses = await Promise.all(events.map((event) => app.post('shipping', scan(event, id))));
    expect(responses.map((response) => response.body.status)).toEqual(Array(4).fill('accepted'));
    const rows = await Promise.all(responses.map((response) => app.settled(response.body.eventId as string)));

    expect(rows.every((row) => row.status === 'processed')).toBe(true);
    expect(await fulfillmentOf(id)).toBe('delivered');
    const [shipment] = await shipmentsOf(id);
    expect(shipment.history.map((entry) => entry.status)).toEqual(['shipped', 'in_transit', 'out_for_delivery', 'delivered']);
    const delivered = (await outboxOf(id)).filter(({ template }) => template === 'shipment.delivered');
    expect(delivered.map(({ channel }) => channel)).toEqual(['email', 'sms']);
    const [order] = await app.db.query<{ completed_at: Date | null }>('SELECT completed_at FROM orders WHERE id = $1', [id]);
    expect(order.completed_at).not.toBeNull();
  });

  it('retries a scan whose order does not exist yet, and applies it once the order appears', async () => {
    const id = `ORD-LATE-${Date.now()}`;
    const response = await app.post('shipping', scan('shipment.shipped', id));
    await waitFor(async () => (await app.event(response.body.eventId as string))?.status === 'retrying', { what: 'first try failed' });

    await newOrder({ id });

    const row = await app.settled(response.body.eventId as string);
    expect(row).toMatchObject({ status: 'processed', outcome: 'applied' });
    expect(Number(row.attempts)).toBeGreaterThan(1);
    expect(await fulfillmentOf(id)).toBe('shipped');
  });

  it('dead-letters a scan for an order that never appears, with the reason', async () => {
    const row = await deliver(scan('shipment.shipped', 'ORD-SHIP-NEVER'));
    expect(row).toMatchObject({ status: 'dead', attempts: 3 });
    expect(row.last_error).toContain('order ORD-SHIP-NEVER does not exist');
  });

  it('applies nothing to a digital order, and says why', async () => {
    const id = await newOrder({ kind: 'digital' });
    const row = await deliver(scan('shipment.shipped', id));
    expect(row).toMatchObject({ outcome: 'no_effect', note: `shipping events apply to physical orders; order ${id} is digital` });
    expect(await fulfillmentOf(id)).toBe('unfulfilled');
    expect(await shipmentsOf(id)).toEqual([]);
  });

  it("does not let another order's AWB move this order", async () => {
    const owner = await newOrder();
    const other = await newOrder();
    await deliver(scan('shipment.shipped', owner));
    const row = await deliver(scan('shipment.in_transit', other, { awb: `AWB-${owner}` }));
    expect(row).toMatchObject({ outcome: 'no_effect', note: `AWB AWB-${owner} belongs to order ${owner}, not ${other}` });
    expect(await fulfillmentOf(other)).toBe('unfulfilled');
  });

  it('refuses an unknown event type with 400 listing the known ones', async () => {
    const response = await app.post('shipping', scan('shipment.shipped', 'ORD-2026-12345', { event: 'shipment.lost' }));
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain(`event must be one of: ${SHIPPING_EVENTS.join(', ')}`);
  });

  it('refuses a scan without its own time (timestamp or delivered_at) with 400', async () => {
    const { timestamp: _, ...untimed } = scan('shipment.shipped', 'ORD-2026-12345') as Record<string, unknown>;
    const response = await app.post('shipping', untimed);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('required unless delivered_at is sent');
  });

  it('refuses a scan signed with another secret with 401', async () => {
    const response = await app.post('shipping', scan('shipment.shipped', 'ORD-2026-12345'), { secret: testSecret('payment') });
    expect(response.status).toBe(401);
  });

  it('documents every event type with an example payload in the OpenAPI document', async () => {
    const document = (await app.api('/docs-json')).body as {
      paths: Record<string, { post: { requestBody: { content: Record<string, { examples: Record<string, { value: unknown }> }> } } }>;
    };
    const examples = document.paths['/api/v2/webhook/shipping'].post.requestBody.content['application/json'].examples;
    expect(Object.keys(examples).sort()).toEqual([...SHIPPING_EVENTS].sort());
    expect(examples['shipment.delivered'].value).toEqual(SHIPPING_EXAMPLES['shipment.delivered']);
  });
});
