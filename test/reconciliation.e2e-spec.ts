import { SUPPLIER_EXAMPLES } from '../src/supplier/supplier-events.js';
import { PAYMENT_EXAMPLES } from '../src/payment/payment-events.js';
import { ReconciliationService } from '../src/reconciliation/reconciliation.service.js';
import { OVERDUE_ALERTS_PER_RUN } from '../src/supplier/supplier-reconciliation.source.js';
import { FakeStatusApi, type StatusAnswer } from './support/fake-status-api.js';
import { TestApp } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

const paymentsPath = (orderId: string) => `/payments?order_id=${encodeURIComponent(orderId)}`;
const supplierPath = (orderId: string) => `/orders/${encodeURIComponent(orderId)}`;

/** The supplier's order.created webhook for one of our orders, at `at`. */
const supplierOrderCreated = (orderId: string, at: Date) => ({
  ...SUPPLIER_EXAMPLES['order.created'],
  timestamp: at.toISOString(),
  data: { ...(SUPPLIER_EXAMPLES['order.created'] as { data: object }).data, order_id: `SUP-${orderId}`, reference: orderId },
});

/** What the gateway's status API says of a captured payment: the fields of the seed's payment.success. */
const captured = (orderId: string): StatusAnswer => {
  const { payment_id, amount, currency, method, timestamp } = PAYMENT_EXAMPLES['payment.success'] as Record<string, unknown>;
  return { status: 200, body: { payments: [{ payment_id, order_id: orderId, status: 'captured', amount, currency, method, timestamp }] } };
};

describe('reconciliation (real local gateway and supplier status APIs, two app instances)', () => {
  let gateway: FakeStatusApi;
  let app: TestApp;
  const answers = new Map<string, StatusAnswer>();

  const settings = () => ({
    PAYMENT_GATEWAY_API_URL: gateway.url,
    PAYMENT_GATEWAY_API_KEY: 'gateway-test-key',
    // One local server answers both: GET /payments?order_id=… and GET /orders/:reference.
    SUPPLIER_API_URL: gateway.url,
    RECONCILIATION_MIN_AGE_MS: '0',
    PROVIDER_API_TIMEOUT_MS: '300',
    PROVIDER_API_RETRIES: '1',
  });

  beforeAll(async () => {
    gateway = await FakeStatusApi.start();
    gateway.answerWith((path) => answers.get(path) ?? { status: 404, body: { error: 'no such order' } });
    app = await TestApp.start({ env: settings() });
  });

  afterAll(async () => {
    await app?.stop();
    await gateway?.stop();
  });

  const reconciliation = (instance: TestApp) => instance.app.get(ReconciliationService);
  const paymentStatusOf = async (orderId: string) => (await app.order(orderId)).paymentStatus;
  /** Marks orders paid, so the next run does not ask the gateway about them. */
  const settle = async (...orderIds: string[]) => {
    await app.db.query("UPDATE orders SET payment_status = 'paid' WHERE id = ANY($1)", [orderIds]);
  };

  it('recovers a missed payment.success through the inbox, and the late webhook is then a duplicate', async () => {
    const order = await app.createOrder();
    const id = order.id as string;
    answers.set(paymentsPath(id), captured(id));

    const report = await reconciliation(app).run();

    expect(report).toEqual({ skipped: false, checked: 1, recovered: 1, failed: 0, overdueAlerts: 0 });
    await waitFor(async () => (await paymentStatusOf(id)) === 'paid', { what: 'order paid by reconciliation' });
    const [event] = (await app.order(id)).events as Array<Record<string, unknown>>;
    expect(event).toMatchObject({
      provider: 'payment',
      eventType: 'payment.success',
      source: 'reconciliation',
      status: 'processed',
      outcome: 'applied',
    });

    const late = await app.post('payment', { ...PAYMENT_EXAMPLES['payment.success'], order_id: id });
    expect(late.body).toEqual({ status: 'duplicate', eventId: event.id });
    expect(gateway.requests.find((path) => path === paymentsPath(id))).toBeDefined();
  });

  it('sends the gateway API key and leaves an order whose payment is not settled yet alone', async () => {
    const order = await app.createOrder();
    const id = order.id as string;
    answers.set(paymentsPath(id), {
      status: 200,
      body: [{ payment_id: 'pay_9', order_id: id, status: 'authorized', amount: 2499, currency: 'INR' }],
    });

    const report = await reconciliation(app).run();

    expect(report).toMatchObject({ checked: 1, recovered: 0, failed: 0 });
    expect(await paymentStatusOf(id)).toBe('pending');
    expect(gateway.authorizations.at(-1)).toBe('Bearer gateway-test-key');
    const [check] = await app.db.query('SELECT result FROM reconciliation_checks WHERE subject = $1', [id]);
    expect(check.result).toBe('no captured or failed payment');
    await settle(id);
  });

  it('leaves orders pending when the gateway answers 500 or times out, and goes on to the next order', async () => {
    const failing = (await app.createOrder()).id as string;
    const slow = (await app.createOrder()).id as string;
    const fine = (await app.createOrder()).id as string;
    answers.set(paymentsPath(failing), { status: 500, body: { error: 'boom' } });
    answers.set(paymentsPath(slow), { ...captured(slow), delayMs: 1500 });
    answers.set(paymentsPath(fine), captured(fine));

    const report = await reconciliation(app).run();

    expect(report).toEqual({ skipped: false, checked: 3, recovered: 1, failed: 2, overdueAlerts: 0 });
    await waitFor(async () => (await paymentStatusOf(fine)) === 'paid', { what: 'the answering order paid' });
    expect(await paymentStatusOf(failing)).toBe('pending');
    expect(await paymentStatusOf(slow)).toBe('pending');
    // PROVIDER_API_RETRIES=1: two tries each.
    expect(gateway.requestsFor(paymentsPath(failing))).toBe(2);
    const results = await app.db.query<{ subject: string; result: string }>(
      'SELECT subject, result FROM reconciliation_checks WHERE subject = ANY($1)',
      [[failing, slow]],
    );
    expect(Object.fromEntries(results.map((r) => [r.subject, r.result]))).toEqual({
      [failing]: expect.stringContaining('HTTP 500'),
      [slow]: expect.stringContaining('timed out'),
    });
    await settle(failing, slow);
  });

  it('never lets two app instances reconcile the same order at once', async () => {
    const peer = await TestApp.start({ database: app.db, queuePrefix: app.config.redis.queuePrefix, env: settings() });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) ids.push((await app.createOrder()).id as string);
      // Slow answers keep the first run going while the second one starts.
      for (const id of ids) answers.set(paymentsPath(id), { ...captured(id), delayMs: 150 });

      const reports = await Promise.all([reconciliation(app).run(), reconciliation(peer).run()]);

      expect(reports.filter((r) => r.skipped)).toHaveLength(1);
      expect(reports.find((r) => !r.skipped)).toMatchObject({ checked: 3, recovered: 3 });
      for (const id of ids) expect(gateway.requestsFor(paymentsPath(id))).toBe(1);
      for (const id of ids) await waitFor(async () => (await paymentStatusOf(id)) === 'paid', { what: `${id} paid` });
    } finally {
      await peer.stop();
    }
  });

  it('runs on its schedule (RECONCILIATION_CRON), on a worker replica', async () => {
    const scheduled = await TestApp.start({
      database: app.db,
      queuePrefix: app.config.redis.queuePrefix,
      env: { ...settings(), APP_ROLE: 'worker', RECONCILIATION_CRON: '* * * * * *' },
    });
    try {
      const id = (await app.createOrder()).id as string;
      answers.set(paymentsPath(id), captured(id));
      await waitFor(async () => (await paymentStatusOf(id)) === 'paid', { what: 'order paid by the scheduled run' });
      expect(gateway.requestsFor(paymentsPath(id))).toBeGreaterThanOrEqual(1);
    } finally {
      await scheduled.stop();
    }
  });

  describe('digital goods', () => {
    const digitalOrderWithSupplierOrder = async (createdAt: Date) => {
      const orderId = (await app.createOrder({ kind: 'digital', amount: 20.0, currency: 'USD' })).id as string;
      await settle(orderId);
      const created = await app.post('supplier', supplierOrderCreated(orderId, createdAt));
      expect((await app.settled(created.body.eventId as string)).outcome).toBe('applied');
      return orderId;
    };

    it('recovers a missed order.fulfilled: the codes are stored sealed and the customer e-mail is written', async () => {
      const orderId = await digitalOrderWithSupplierOrder(new Date());
      const code = `RECON-${Date.now()}-CODE`;
      answers.set(supplierPath(orderId), {
        status: 200,
        body: {
          order_id: `SUP-${orderId}`,
          reference: orderId,
          status: 'fulfilled',
          items: [{ sku: 'steam-20-usd', code, pin: null }],
          updated_at: new Date().toISOString(),
        },
      });

      const report = await reconciliation(app).run();

      expect(report).toMatchObject({ checked: 1, recovered: 1, failed: 0, overdueAlerts: 0 });
      const [event] = await app.db.query("SELECT id FROM webhook_events WHERE reference = $1 AND event_type = 'order.fulfilled'", [
        orderId,
      ]);
      expect(await app.settled(event.id as string)).toMatchObject({ source: 'reconciliation', status: 'processed', outcome: 'applied' });
      // The order was paid (settle, above): its codes delivered complete it.
      expect(await app.order(orderId)).toMatchObject({
        fulfillmentStatus: 'delivered',
        supplierOrder: expect.objectContaining({ status: 'fulfilled' }),
      });
      const emails = await app.db.query(
        "SELECT recipient FROM notifications WHERE template = 'digital.codes_delivered' AND payload::text LIKE $1",
        [`%${orderId}%`],
      );
      expect(emails).toEqual([{ recipient: 'john.doe@example.com' }]);
      const [{ count }] = await app.db.query<{ count: string }>('SELECT count(*) FROM webhook_events e WHERE e::text LIKE $1', [
        `%${code}%`,
      ]);
      expect(Number(count)).toBe(0);
    });

    it('recovers a paid digital order of which no supplier event arrived at all (order.created lost too)', async () => {
      const orderId = (await app.createOrder({ kind: 'digital', amount: 20.0, currency: 'USD' })).id as string;
      await settle(orderId);
      answers.set(supplierPath(orderId), {
        status: 200,
        body: {
          order_id: `SUP-${orderId}`,
          reference: orderId,
          status: 'fulfilled',
          items: [{ sku: 'steam-20-usd', code: 'LOST-CREATED-CODE', pin: null }],
          updated_at: new Date().toISOString(),
        },
      });

      const report = await reconciliation(app).run();

      expect(report).toMatchObject({ checked: 1, recovered: 1, failed: 0 });
      const [event] = await app.db.query("SELECT id FROM webhook_events WHERE reference = $1 AND event_type = 'order.fulfilled'", [
        orderId,
      ]);
      expect(await app.settled(event.id as string)).toMatchObject({ source: 'reconciliation', outcome: 'applied' });
      // Paid, and now its codes delivered: complete.
      expect(await app.order(orderId)).toMatchObject({
        fulfillmentStatus: 'delivered',
        supplierOrder: expect.objectContaining({ status: 'fulfilled' }),
      });
    });

    it("keeps asking the supplier about a digital order the storefront's PAID marked paid, and delivers it once the supplier has fulfilled it", async () => {
      const orderId = (await app.createOrder({ kind: 'digital', amount: 20.0, currency: 'USD' })).id as string;
      const paid = await app.post('order-payment', {
        event: 'order.payment',
        id: orderId,
        orderPayment: { status: 'PAID', amount: 20.0, currency: 'USD', paymentId: `op_${orderId}` },
        updatedAt: new Date().toISOString(),
      });
      expect(await app.settled(paid.body.eventId as string)).toMatchObject({
        outcome: 'applied',
        note: 'payment pending → paid; fulfilment waits for the supplier',
      });
      expect(await app.order(orderId)).toMatchObject({ paymentStatus: 'paid', fulfillmentStatus: 'unfulfilled', supplierOrder: null });

      answers.set(supplierPath(orderId), { status: 200, body: { reference: orderId, status: 'processing' } });
      expect(await reconciliation(app).run()).toMatchObject({ checked: 1, recovered: 0 });
      expect((await app.order(orderId)).fulfillmentStatus).toBe('unfulfilled');

      answers.set(supplierPath(orderId), {
        status: 200,
        body: {
          order_id: `SUP-${orderId}`,
          reference: orderId,
          status: 'fulfilled',
          items: [{ sku: 'steam-20-usd', code: 'AFTER-PAID-CODE', pin: null }],
          updated_at: new Date().toISOString(),
        },
      });
      expect(await reconciliation(app).run()).toMatchObject({ checked: 1, recovered: 1 });
      const [event] = await app.db.query("SELECT id FROM webhook_events WHERE reference = $1 AND event_type = 'order.fulfilled'", [
        orderId,
      ]);
      expect(await app.settled(event.id as string)).toMatchObject({
        outcome: 'applied',
        note: expect.stringContaining('unfulfilled → delivered'),
      });
      expect((await app.order(orderId)).fulfillmentStatus).toBe('delivered');
    });

    it('alerts ops once about a supplier order past its SLA deadline without order.fulfilled', async () => {
      const orderId = await digitalOrderWithSupplierOrder(new Date(Date.now() - 2 * 60 * 60 * 1000));
      answers.set(supplierPath(orderId), { status: 200, body: { reference: orderId, status: 'processing' } });

      const first = await reconciliation(app).run();
      const second = await reconciliation(app).run();

      expect(first).toMatchObject({ recovered: 0, overdueAlerts: 1 });
      expect(second).toMatchObject({ recovered: 0, overdueAlerts: 0 });
      const alerts = await app.db.query("SELECT payload FROM notifications WHERE template = 'ops.supplier_sla_breached'");
      expect(alerts).toEqual([{ payload: expect.objectContaining({ orderId, supplierOrderId: `SUP-${orderId}` }) }]);
      expect((await app.order(orderId)).supplierOrder).toMatchObject({ status: 'created' });
    });

    it('alerts ops once about a paid digital order no supplier event reached within the SLA of its payment', async () => {
      const orderId = (await app.createOrder({ kind: 'digital', amount: 20.0, currency: 'USD' })).id as string;
      // Paid two hours ago (SUPPLIER_SLA_MINUTES is 30), and the supplier still knows nothing of it.
      await app.db.query("UPDATE orders SET payment_status = 'paid', updated_at = now() - interval '2 hours' WHERE id = $1", [orderId]);
      answers.set(supplierPath(orderId), { status: 404, body: { error: 'no such order' } });

      const first = await reconciliation(app).run();
      const second = await reconciliation(app).run();

      expect(first).toMatchObject({ recovered: 0, overdueAlerts: 1 });
      expect(second).toMatchObject({ overdueAlerts: 0 });
      const alerts = await app.db.query(
        "SELECT payload FROM notifications WHERE template = 'ops.supplier_sla_breached' AND payload->>'orderId' = $1",
        [orderId],
      );
      expect(alerts).toEqual([{ payload: expect.objectContaining({ orderId, supplierOrderId: null }) }]);
    });

    it('still alerts a new SLA breach when more supplier orders than a run alerts stay overdue for good', async () => {
      // A run's worth of supplier orders overdue for days and alerted long ago (older than the polled ages).
      const stale = `SLA-STALE-${Date.now()}-`;
      await app.db.query(
        `INSERT INTO supplier_orders (order_id, status, sla_deadline, status_changed_at, created_at)
         SELECT $1 || n, 'created', now() - interval '3 days' + n * interval '1 second', now() - interval '4 days', now() - interval '4 days'
         FROM generate_series(1, $2::int) n`,
        [stale, OVERDUE_ALERTS_PER_RUN],
      );
      await app.db.query(
        `INSERT INTO notifications (dedupe_key, channel, template, payload, status)
         SELECT 'supplier-sla:' || order_id || ':slack:ops.supplier_sla_breached', 'slack', 'ops.supplier_sla_breached', '{}', 'sent'
         FROM supplier_orders WHERE order_id LIKE $1`,
        [`${stale}%`],
      );
      try {
        const orderId = await digitalOrderWithSupplierOrder(new Date(Date.now() - 2 * 60 * 60 * 1000));
        answers.set(supplierPath(orderId), { status: 200, body: { reference: orderId, status: 'processing' } });

        expect(await reconciliation(app).run()).toMatchObject({ overdueAlerts: 1 });
        expect(await app.db.query('SELECT id FROM notifications WHERE dedupe_key LIKE $1', [`supplier-sla:${orderId}:%`])).toHaveLength(1);
      } finally {
        await app.db.query('DELETE FROM notifications WHERE dedupe_key LIKE $1', [`supplier-sla:${stale}%`]);
        await app.db.query('DELETE FROM supplier_orders WHERE order_id LIKE $1', [`${stale}%`]);
      }
    });
  });
});
