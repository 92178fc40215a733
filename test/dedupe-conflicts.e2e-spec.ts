import { PAYMENT_EXAMPLES } from '../src/payment/payment-events.js';
import { POINTS_EXAMPLES } from '../src/gmetri-points/points-events.js';
import { SHIPPING_EXAMPLES } from '../src/shipping/shipping-events.js';
import { TestApp } from './support/test-app.js';

describe('dedupe conflicts: the same key with another body (HTTP, Postgres, Redis, Bull worker)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.stop();
  });

  const conflictsCounted = async (provider: string) => {
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    const lines = metrics
      .split('\n')
      .filter((line) => line.startsWith('webhooks_received_total{') && line.includes(`provider="${provider}"`));
    return lines.filter((line) => line.includes('outcome="conflict"')).reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
  };

  it('a corrected capture amount under the same event is a conflict: not applied, counted, listed for operators, alerted once per window', async () => {
    const order = await app.createOrder();
    const id = order.id as string;
    const capture = { ...PAYMENT_EXAMPLES['payment.success'], order_id: id, event_id: `evt_${id}` };
    const first = await app.post('payment', capture);
    expect(first.body.status).toBe('accepted');
    const countedBefore = await conflictsCounted('payment');

    const same = await app.post('payment', capture);
    expect(same.body).toEqual({ status: 'duplicate', eventId: first.body.eventId });

    const corrected = await app.post('payment', { ...capture, amount: 1.0 });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toEqual({ status: 'conflict', eventId: first.body.eventId });
    const again = await app.post('payment', { ...capture, amount: 2.0 });
    expect(again.body).toEqual({ status: 'conflict', eventId: first.body.eventId });

    expect(await app.db.query('SELECT id FROM webhook_events WHERE reference = $1', [id])).toHaveLength(1);
    expect(await app.settled(first.body.eventId as string)).toMatchObject({ outcome: 'applied', conflicts: 2 });
    expect(await conflictsCounted('payment')).toBe(countedBefore + 2);

    const listed = await app.api(`/api/v2/admin/webhook-events?provider=payment&conflicted=true&orderId=${id}`);
    expect(listed.body).toMatchObject({ total: 1, items: [{ id: first.body.eventId, conflicts: 2, lastConflictAt: expect.any(String) }] });
    const detail = await app.api(`/api/v2/admin/webhook-events/${first.body.eventId as string}`);
    expect(detail.body).toMatchObject({ conflicts: 2, bodySha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await app.api('/api/v2/admin/webhook-events?conflicted=maybe')).status).toBe(400);

    const alerts = await app.db.query<{ payload: { eventId: string } }>(
      "SELECT payload FROM notifications WHERE template = 'ops.webhook_dedupe_conflict' AND payload->>'provider' = 'payment'",
    );
    // One per provider and window: the first conflict of the window is named.
    expect(alerts).toHaveLength(1);
  });

  it("a debit reusing a credit's transferId is a conflict, not a duplicate: the ledger keeps the credit", async () => {
    const transferId = `TXN-${Date.now()}`;
    const credit = { ...POINTS_EXAMPLES['points.updated'], transferId };
    const first = await app.post('gmetri-points', credit);
    const debit = await app.post('gmetri-points', { ...credit, type: 'debit' });
    expect(debit.body).toEqual({ status: 'conflict', eventId: first.body.eventId });
    expect(await app.settled(first.body.eventId as string)).toMatchObject({ outcome: 'applied', conflicts: 1 });
  });

  it('a scan of another order with the same AWB and time is another event, not a duplicate of the first', async () => {
    const [a, b] = [await app.createOrder(), await app.createOrder()];
    const scan = (orderId: unknown) => ({ ...SHIPPING_EXAMPLES['shipment.shipped'], order_id: orderId, awb: `AWB-${a.id as string}` });
    const first = await app.post('shipping', scan(a.id));
    const second = await app.post('shipping', scan(b.id));
    expect(first.body.status).toBe('accepted');
    expect(second.body.status).toBe('accepted');
    expect(second.body.eventId).not.toBe(first.body.eventId);
  });
});
