import { randomInt } from 'node:crypto';
import { SHIPROCKET_EXAMPLES } from '../src/shiprocket/shiprocket-events.js';
import { TestApp } from './support/test-app.js';

type Example = keyof typeof SHIPROCKET_EXAMPLES;

/** Shiprocket's example tracking webhook `example`, for one of our orders and its own AWB. */
function shiprocket(example: Example, orderId: string, awb: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...structuredClone(SHIPROCKET_EXAMPLES[example]), order_id: orderId, awb, ...extra };
}

interface HistoryEntry {
  status: string;
  eventType: string;
  carrierStatus: string | null;
  location: { city: string | null; state: string | null };
  occurredAt: string;
  applied: boolean;
}

describe('Shiprocket posting natively (HTTP, Postgres, Redis, Bull worker)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.stop();
  });

  /** Posts as Shiprocket does: the static token in X-Api-Key, nothing signed. */
  const post = (body: object | string, options: { secret?: string } = {}) => app.postSigned('shiprocket', 'static-token', body, options);
  const deliver = async (body: object) => {
    const response = await post(body);
    expect(response).toMatchObject({ status: 200, body: { status: 'accepted' } });
    return app.settled(response.body.eventId as string);
  };
  /** A physical order of ours and an AWB of its own. */
  const newShipment = async () => ({
    orderId: (await app.createOrder()).id as string,
    awb: String(19_041_424_000_000 + randomInt(1, 999_999)),
  });
  const fulfillmentOf = async (orderId: string) => (await app.order(orderId)).fulfillmentStatus;
  const historyOf = async (orderId: string) =>
    ((await app.order(orderId)).shipments as Array<{ awb: string; status: string; history: HistoryEntry[] }>)[0];

  it('moves the order through shipped, in transit, out for delivery to delivered, with IST times as instants', async () => {
    const { orderId, awb } = await newShipment();
    const sequence: Array<[Example, string, string]> = [
      ['42 PICKED UP → shipment.shipped', 'applied', 'shipped'],
      ['6 SHIPPED → shipment.shipped', 'no_effect', 'shipped'],
      ['18 IN TRANSIT → shipment.in_transit', 'applied', 'in_transit'],
      ['17 OUT FOR DELIVERY → shipment.out_for_delivery', 'applied', 'out_for_delivery'],
      ['7 DELIVERED → shipment.delivered', 'applied', 'delivered'],
    ];
    for (const [example, outcome, status] of sequence) {
      const event = await deliver(shiprocket(example, orderId, awb));
      expect({
        example,
        event_type: event.event_type,
        reference: event.reference,
        outcome: event.outcome,
        status: await fulfillmentOf(orderId),
      }).toEqual({
        example,
        event_type: example.split(' → ')[1],
        reference: orderId,
        outcome,
        status,
      });
    }

    const [order] = await app.db.query<{ completed_at: Date }>('SELECT completed_at FROM orders WHERE id = $1', [orderId]);
    expect(order.completed_at.toISOString()).toBe('2026-03-08T10:15:16.000Z'); // 08 03 2026 15:45:16 IST
    const shipment = await historyOf(orderId);
    expect(shipment).toMatchObject({ awb, status: 'delivered' });
    expect(
      shipment.history.map(({ status, carrierStatus, occurredAt, applied }) => ({ status, carrierStatus, occurredAt, applied })),
    ).toEqual([
      { status: 'shipped', carrierStatus: 'PICKED UP', occurredAt: '2026-03-07T10:02:20.000Z', applied: true },
      { status: 'shipped', carrierStatus: 'SHIPPED', occurredAt: '2026-03-07T11:10:25.000Z', applied: false },
      { status: 'in_transit', carrierStatus: 'IN TRANSIT', occurredAt: '2026-03-07T21:25:40.000Z', applied: true },
      { status: 'out_for_delivery', carrierStatus: 'OUT FOR DELIVERY', occurredAt: '2026-03-08T02:45:08.000Z', applied: true },
      { status: 'delivered', carrierStatus: 'DELIVERED', occurredAt: '2026-03-08T10:15:16.000Z', applied: true },
    ]);
    expect(shipment.history.at(-1)?.location).toMatchObject({ city: 'Mumbai_Andheri_DC', state: 'Maharashtra' });
  });

  it('an UNDELIVERED attempt is a failed delivery; the next run out for delivery and the delivery complete the order', async () => {
    const { orderId, awb } = await newShipment();
    await deliver(shiprocket('17 OUT FOR DELIVERY → shipment.out_for_delivery', orderId, awb));
    expect(await deliver(shiprocket('21 UNDELIVERED → shipment.delivery_failed', orderId, awb))).toMatchObject({
      event_type: 'shipment.delivery_failed',
      outcome: 'applied',
      note: `fulfilment out_for_delivery → delivery_failed (AWB ${awb})`,
    });
    await deliver(
      shiprocket('17 OUT FOR DELIVERY → shipment.out_for_delivery', orderId, awb, { current_timestamp: '09 03 2026 08:10:00' }),
    );
    await deliver(shiprocket('7 DELIVERED → shipment.delivered', orderId, awb, { current_timestamp: '09 03 2026 12:00:00' }));
    expect(await fulfillmentOf(orderId)).toBe('delivered');
  });

  it('answers a retry of the same scan (AWB, status, time) as a duplicate, whichever spelling of the time', async () => {
    const { orderId, awb } = await newShipment();
    const body = shiprocket('18 IN TRANSIT → shipment.in_transit', orderId, awb);
    const first = await post(body);
    expect(first.body.status).toBe('accepted');
    expect((await post(body)).body).toEqual({ status: 'duplicate', eventId: first.body.eventId });
    const respelled = await post({ ...body, current_timestamp: '2026-03-08 02:55:40' });
    expect(respelled.body).toEqual({ status: 'duplicate', eventId: first.body.eventId });
  });

  it('answers 200 ignored to statuses it does not act on and to a return shipment, keeps them in the inbox unprocessed', async () => {
    const { orderId, awb } = await newShipment();
    await deliver(shiprocket('17 OUT FOR DELIVERY → shipment.out_for_delivery', orderId, awb));
    const rto = await post(shiprocket('9 RTO INITIATED (ignored)', orderId, awb));
    const returned = await post(shiprocket('7 DELIVERED of a return shipment (ignored)', orderId, `R${awb}`));
    for (const [response, type] of [
      [rto, 'status:RTO INITIATED'],
      [returned, 'return:DELIVERED'],
    ] as const) {
      expect(response).toMatchObject({ status: 200, body: { status: 'ignored', eventId: expect.any(String) } });
      expect(await app.event(response.body.eventId as string)).toMatchObject({ status: 'ignored', event_type: type, reference: orderId });
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await app.event(rto.body.eventId as string)).toMatchObject({ status: 'ignored', attempts: 0 });
    expect(await fulfillmentOf(orderId)).toBe('out_for_delivery');
  });

  it('refuses a wrong token (401) and a missing one (401)', async () => {
    const { orderId, awb } = await newShipment();
    const body = shiprocket('7 DELIVERED → shipment.delivered', orderId, awb);
    const forged = await post(body, { secret: 'not-the-shiprocket-token-0123456789' });
    expect(forged).toMatchObject({ status: 401, body: { message: 'Invalid x-api-key token.' } });
    const anonymous = await app.post('shiprocket', body);
    expect(anonymous).toMatchObject({ status: 401, body: { message: 'Missing x-api-key header.' } });
    expect(await fulfillmentOf(orderId)).toBe('unfulfilled');
  });

  it('refuses a malformed scan of a status it acts on with 400 naming the problem', async () => {
    const { orderId, awb } = await newShipment();
    const delivered = (extra: Record<string, unknown>) => post(shiprocket('7 DELIVERED → shipment.delivered', orderId, awb, extra));

    const noTime = await delivered({ current_timestamp: '31 02 2026 10:00:00' });
    expect(noTime).toMatchObject({
      status: 400,
      body: { message: 'current_timestamp "31 02 2026 10:00:00" is no time: e.g. "23 05 2023 11:43:52" (IST)' },
    });
    const isoTime = await delivered({ current_timestamp: '2026-03-08T15:45:16Z' });
    expect(isoTime.status).toBe(400);
    expect(JSON.stringify(isoTime.body.message)).toMatch(/current_timestamp must be a time as Shiprocket sends it/);
    const notOurs = await delivered({ order_id: '#1042' });
    expect(notOurs.status).toBe(400);
    expect(JSON.stringify(notOurs.body.message)).toMatch(/order_id must be our order id/);
    const noAwb = await delivered({ awb: undefined });
    expect(noAwb.status).toBe(400);
    expect(JSON.stringify(noAwb.body.message)).toMatch(/awb must be a string of 1-100 characters or a whole number/);
    expect(await fulfillmentOf(orderId)).toBe('unfulfilled');
  });
});
