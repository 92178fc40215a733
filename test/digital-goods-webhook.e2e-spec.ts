import { SupplierOrdersRepository } from '../src/supplier/supplier-orders.repository.js';
import { SUPPLIER_EXAMPLES } from '../src/supplier/supplier-events.js';
import { PAYMENT_EXAMPLES } from '../src/payment/payment-events.js';
import { FakeHttpPeer } from './support/fake-http-peer.js';
import { FakeSmtpServer } from './support/fake-smtp-server.js';
import { TestApp } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

type SupplierEventType = keyof typeof SUPPLIER_EXAMPLES;

let sequence = 0;
/** A code no other test uses, so a search for it in clear finds only this test's leaks. */
const uniqueCode = () => `CODE-${process.pid}-${++sequence}-QWERTY`;

/** The seed's envelope for one of our orders; each call has its own timestamp unless one is given. */
function supplierEvent(
  event: SupplierEventType,
  reference: string | null,
  overrides: { timestamp?: string; items?: object[]; order_id?: string } = {},
) {
  const example = SUPPLIER_EXAMPLES[event] as { data: Record<string, unknown> };
  return {
    event,
    timestamp: overrides.timestamp ?? new Date(Date.UTC(2026, 4, 1, 14, 0, ++sequence)).toISOString(),
    data: {
      ...example.data,
      order_id: overrides.order_id ?? (reference ? `SUP-${reference}` : null),
      reference,
      ...(overrides.items ? { items: overrides.items } : {}),
    },
  };
}

const fulfilled = (reference: string, code: string, extra: { timestamp?: string; pin?: string } = {}) =>
  supplierEvent('order.fulfilled', reference, {
    timestamp: extra.timestamp,
    items: [{ sku: 'steam-20-usd', code, pin: extra.pin ?? null }],
  });

describe('digital-goods supplier webhook (HTTP, Postgres, Redis, Bull worker, SMTP and Slack peers)', () => {
  let app: TestApp;
  let smtp: FakeSmtpServer;
  let slack: FakeHttpPeer;

  beforeAll(async () => {
    [smtp, slack] = await Promise.all([FakeSmtpServer.start(), FakeHttpPeer.start()]);
    app = await TestApp.start({ env: { SMTP_URL: smtp.url, SLACK_WEBHOOK_URL: `${slack.url}/services/T000/B000/test-token` } });
  });

  afterAll(async () => {
    await app.stop();
    await Promise.all([smtp.stop(), slack.stop()]);
  });

  const digitalOrder = async (overrides: Record<string, unknown> = {}) =>
    (await app.createOrder({ kind: 'digital', amount: 20.0, currency: 'USD', ...overrides })).id as string;
  const processed = (eventId: unknown) => app.settled(eventId as string);
  const deliver = async (body: object) => {
    const response = await app.post('supplier', body);
    expect(response.status).toBe(200);
    return processed(response.body.eventId);
  };
  const notifications = (template: string, needle: string) =>
    app.db.query<{ id: string; channel: string; recipient: string | null; payload: Record<string, unknown> }>(
      'SELECT id, channel, recipient, payload FROM notifications WHERE template = $1 AND payload::text LIKE $2',
      [template, `%${needle}%`],
    );
  const supplierOrder = async (orderId: string) => (await app.db.query('SELECT * FROM supplier_orders WHERE order_id = $1', [orderId]))[0];
  /** Every row of every table of the app's database that holds `text` in clear. */
  const rowsHolding = async (text: string) => {
    const tables = await app.db.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    const hits: string[] = [];
    for (const { table_name: table } of tables) {
      const [{ count }] = await app.db.query<{ count: string }>(`SELECT count(*) FROM "${table}" t WHERE t::text LIKE $1`, [`%${text}%`]);
      if (Number(count) > 0) hits.push(table);
    }
    return hits;
  };

  it('order.created records the supplier order and starts its SLA clock, which the overdue query sees', async () => {
    const orderId = await digitalOrder();
    const event = await deliver(supplierEvent('order.created', orderId, { timestamp: '2026-05-01T14:00:00Z' }));

    expect(event).toMatchObject({ status: 'processed', outcome: 'applied', reference: orderId });
    const row = await supplierOrder(orderId);
    expect(row).toMatchObject({ status: 'created', supplier_order_id: `SUP-${orderId}` });
    // SUPPLIER_SLA_MINUTES defaults to 30.
    expect(new Date(row.sla_deadline as string).toISOString()).toBe('2026-05-01T14:30:00.000Z');

    const overdue = app.app.get(SupplierOrdersRepository);
    expect((await overdue.overdue(new Date('2026-05-01T14:29:59Z'))).map((o) => o.orderId)).not.toContain(orderId);
    expect((await overdue.overdue(new Date('2026-05-01T14:30:01Z'))).map((o) => o.orderId)).toContain(orderId);
    expect((await app.order(orderId)).supplierOrder).toMatchObject({ status: 'created', slaDeadline: '2026-05-01T14:30:00.000Z' });
  });

  const slackTexts = async (needle: string) =>
    (await slack.waitForRequests((request) => JSON.stringify(request.body).includes(needle))).map(
      (request) => (request.body as { text: string }).text,
    );

  it('order.fulfilled stores the codes sealed, fulfils the order, and e-mails them; clear codes are nowhere but in the e-mail', async () => {
    const orderId = await digitalOrder();
    const [code, pin] = [uniqueCode(), 'PIN-8642-ZX'];
    await deliver(supplierEvent('order.created', orderId));
    const event = await deliver(fulfilled(orderId, code, { pin }));

    expect(event).toMatchObject({ outcome: 'applied', note: expect.stringContaining('fulfilment unfulfilled → fulfilled') });
    const view = await app.order(orderId);
    expect(view).toMatchObject({
      fulfillmentStatus: 'fulfilled',
      supplierOrder: { status: 'fulfilled', items: [{ sku: 'steam-20-usd', hasPin: true }] },
    });
    expect(JSON.stringify(view)).not.toContain(code);

    const [stored] = await app.db.query<{ code_sealed: string; pin_sealed: string }>(
      'SELECT code_sealed, pin_sealed FROM digital_codes WHERE order_id = $1',
      [orderId],
    );
    // v2.<key id>.<iv>.<tag>.<ciphertext>: the key id of CODES_ENCRYPTION_KEY, so that it can be rotated.
    expect(stored.code_sealed).toMatch(/^v2\.[\w-]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(stored.pin_sealed).toMatch(/^v2\./);
    const stillSealed = (event.payload as { data: { items: Array<{ code: string; pin: string }> } }).data.items[0];
    expect(stillSealed.code).toMatch(/^v2\./);
    expect(stillSealed.pin).toMatch(/^v2\./);
    const [email] = await notifications('digital.codes_delivered', orderId);
    expect(email).toMatchObject({ channel: 'email', recipient: 'john.doe@example.com' });

    const [mail] = await smtp.waitForMessages((message) => message.subject === `Your codes for order ${orderId}`);
    expect(mail.to).toEqual(['john.doe@example.com']);
    expect(mail.text).toContain(`steam-20-usd: ${code} (PIN ${pin})`);
    // Sent, and audited as an outbound call: still no clear code or PIN in any table.
    await waitFor(async () => (await app.db.query('SELECT status FROM notifications WHERE id = $1', [email.id]))[0]?.status === 'sent', {
      what: 'codes e-mail marked sent',
    });
    expect(await rowsHolding(code)).toEqual([]);
    expect(await rowsHolding(pin)).toEqual([]);
  });

  it('keeps no code sent under a name the supplier DTO does not know (voucher, serial, key, redeem_url): not in any table, not in the admin API', async () => {
    const orderId = await digitalOrder();
    const secrets = {
      voucher: uniqueCode(),
      serial: uniqueCode(),
      key: uniqueCode(),
      redeem_url: `https://redeem.example/${uniqueCode()}`,
    };
    const body = supplierEvent('order.fulfilled', orderId, { items: [{ sku: 'steam-20-usd', code: uniqueCode(), pin: null, ...secrets }] });
    const sent = { ...body, key: secrets.key, data: { ...(body.data as object), voucher: secrets.voucher, serial: secrets.serial } };
    const event = await deliver(sent);

    expect(event).toMatchObject({ outcome: 'applied' });
    const items = (event.payload as { data: { items: object[] } }).data.items;
    expect(Object.keys(items[0]).sort()).toEqual(['code', 'pin', 'sku']);
    const detail = await app.api(`/api/v2/admin/webhook-events/${event.id as string}`);
    // The audit row of the request is written a moment after the answer.
    await waitFor(async () => (await rowsHolding(orderId)).includes('external_api_logs'), { what: 'the request audited' });
    for (const secret of Object.values(secrets)) {
      expect(JSON.stringify(detail.body)).not.toContain(secret);
      expect(await rowsHolding(secret)).toEqual([]);
    }
  });

  it('acknowledges a second fulfilled for a fulfilled order and does nothing: no second codes, no second e-mail', async () => {
    const orderId = await digitalOrder();
    const first = fulfilled(orderId, uniqueCode());
    await deliver(first);

    const again = await app.post('supplier', first);
    expect(again.body.status).toBe('duplicate');
    // The supplier retries with a new timestamp (another event to us): the seed's rule makes it a no-op.
    const retried = await deliver(fulfilled(orderId, uniqueCode()));

    expect(retried).toMatchObject({ status: 'processed', outcome: 'no_effect', note: 'supplier order already fulfilled' });
    expect(await app.db.query('SELECT id FROM digital_codes WHERE order_id = $1', [orderId])).toHaveLength(1);
    expect(await notifications('digital.codes_delivered', orderId)).toHaveLength(1);
  });

  it('order.failed on a paid order marks it, alerts ops and records a refund request shown with the order', async () => {
    const orderId = await digitalOrder();
    const payment = await app.post('payment', { ...PAYMENT_EXAMPLES['payment.success'], order_id: orderId, amount: 20.0, currency: 'USD' });
    await processed(payment.body.eventId);
    await deliver(supplierEvent('order.created', orderId));
    const event = await deliver(supplierEvent('order.failed', orderId));

    expect(event).toMatchObject({ outcome: 'applied', note: expect.stringContaining('refund requested') });
    const view = await app.order(orderId);
    expect(view).toMatchObject({
      paymentStatus: 'paid',
      fulfillmentStatus: 'fulfillment_failed',
      supplierOrder: { status: 'failed' },
      refundRequests: [{ cause: 'supplier_order_failed', amount: 20, currency: 'USD', status: 'requested', sourceEventId: event.id }],
    });
    const [alert] = await notifications('digital.supplier_order_failed', orderId);
    expect(alert).toMatchObject({ channel: 'slack', recipient: null, payload: { refundRequested: true } });
    expect(await slackTexts(orderId)).toEqual([expect.stringContaining('The customer had paid: a refund request was recorded.')]);
  });

  it('withdraws the refund request when the supplier fulfils a paid order after its failure: codes and a refund are not both owed', async () => {
    const orderId = await digitalOrder();
    const payment = await app.post('payment', { ...PAYMENT_EXAMPLES['payment.success'], order_id: orderId, amount: 20.0, currency: 'USD' });
    await processed(payment.body.eventId);
    await deliver(supplierEvent('order.failed', orderId));
    expect((await app.order(orderId)).refundRequests).toEqual([expect.objectContaining({ status: 'requested' })]);

    const event = await deliver(fulfilled(orderId, uniqueCode()));

    expect(event).toMatchObject({
      outcome: 'applied',
      note: expect.stringMatching(/^supplier order failed → fulfilled;.*refund request withdrawn/),
    });
    // Paid, and its codes delivered: complete.
    expect(await app.order(orderId)).toMatchObject({
      fulfillmentStatus: 'delivered',
      supplierOrder: { status: 'fulfilled' },
      refundRequests: [expect.objectContaining({ cause: 'supplier_order_failed', status: 'withdrawn' })],
    });
  });

  it('order.failed on an unpaid order alerts ops without a refund request', async () => {
    const orderId = await digitalOrder();
    const event = await deliver(supplierEvent('order.failed', orderId));

    expect(event.note).toContain('no refund (payment pending)');
    expect((await app.order(orderId)).refundRequests).toEqual([]);
    expect(await notifications('digital.supplier_order_failed', orderId)).toEqual([
      expect.objectContaining({ payload: expect.objectContaining({ refundRequested: false }) }),
    ]);
  });

  it('order.refunded marks the order refunded and records a customer notice', async () => {
    const orderId = await digitalOrder();
    await deliver(fulfilled(orderId, uniqueCode()));
    const event = await deliver(supplierEvent('order.refunded', orderId));

    expect(event.outcome).toBe('applied');
    expect(await app.order(orderId)).toMatchObject({ fulfillmentStatus: 'refunded', supplierOrder: { status: 'refunded' } });
    expect(await notifications('digital.order_refunded', orderId)).toEqual([
      expect.objectContaining({ channel: 'email', recipient: 'john.doe@example.com' }),
    ]);
    const [notice] = await smtp.waitForMessages((message) => message.subject === `Your order ${orderId} has been reversed`);
    expect(notice.text).toContain('the refund is on its way');
  });

  it('balance.low alerts ops to top up, once per (event, timestamp)', async () => {
    const body = { ...SUPPLIER_EXAMPLES['balance.low'], timestamp: '2026-05-02T09:00:00Z' };
    const event = await deliver(body);
    expect(event).toMatchObject({ outcome: 'applied', reference: null });
    expect((await app.post('supplier', body)).body).toEqual({ status: 'duplicate', eventId: event.id });

    const alerts = await app.db.query<{ payload: Record<string, unknown> }>(
      "SELECT payload FROM notifications WHERE template = 'digital.supplier_balance_low' AND payload->>'at' = '2026-05-02T09:00:00Z'",
    );
    expect(alerts).toEqual([{ payload: { balance: 120.5, threshold: 500, currency: 'USD', at: '2026-05-02T09:00:00Z' } }]);
    expect(await slackTexts('Supplier balance is low')).toEqual([
      'Supplier balance is low: 120.5 USD left (threshold 500 USD). Top it up before orders fail.',
    ]);
  });

  it('a replayed balance.low changes nothing: no second alert, its record as it was', async () => {
    const event = await deliver({ ...SUPPLIER_EXAMPLES['balance.low'], timestamp: '2026-05-03T09:00:00Z' });
    expect((await app.api(`/api/v2/admin/webhook-events/${event.id as string}/replay`, { method: 'POST' })).status).toBe(200);
    const replayed = await processed(event.id);

    expect(replayed).toMatchObject({
      status: 'processed',
      outcome: event.outcome,
      note: event.note,
      attempts: event.attempts,
      processed_at: event.processed_at,
    });
    const alerts = await app.db.query(
      "SELECT id FROM notifications WHERE template = 'digital.supplier_balance_low' AND payload->>'at' = '2026-05-03T09:00:00Z'",
    );
    expect(alerts).toHaveLength(1);
  });

  it('applies a fulfilled that arrives before its created; the late created moves nothing', async () => {
    const orderId = await digitalOrder();
    await deliver(fulfilled(orderId, uniqueCode(), { timestamp: '2026-05-01T14:05:00Z' }));
    const late = await deliver(supplierEvent('order.created', orderId, { timestamp: '2026-05-01T14:00:00Z' }));

    expect(late).toMatchObject({ outcome: 'no_effect', note: 'order.created cannot move supplier order from fulfilled' });
    expect(await supplierOrder(orderId)).toMatchObject({ status: 'fulfilled', sla_deadline: null });
    expect((await app.order(orderId)).fulfillmentStatus).toBe('fulfilled');
  });

  it('keeps delivered codes when a failure arrives after them', async () => {
    const orderId = await digitalOrder();
    await deliver(fulfilled(orderId, uniqueCode()));
    const late = await deliver(supplierEvent('order.failed', orderId));

    expect(late).toMatchObject({ outcome: 'no_effect', note: 'order.failed cannot move supplier order from fulfilled' });
    expect((await app.order(orderId)).fulfillmentStatus).toBe('fulfilled');
  });

  it('applies one of many fulfilled deliveries for one order arriving at once, and created beside them', async () => {
    const orderId = await digitalOrder();
    const bodies = [supplierEvent('order.created', orderId), ...Array.from({ length: 8 }, () => fulfilled(orderId, uniqueCode()))];
    const responses = await Promise.all(bodies.map((body) => app.post('supplier', body)));
    expect(responses.map((r) => r.status)).toEqual(Array(bodies.length).fill(200));
    const events = await Promise.all(responses.map((r) => processed(r.body.eventId)));

    const appliedFulfilled = events.filter((e) => e.event_type === 'order.fulfilled' && e.outcome === 'applied');
    expect(appliedFulfilled).toHaveLength(1);
    expect(events.every((e) => e.status === 'processed')).toBe(true);
    expect(await app.db.query('SELECT id FROM digital_codes WHERE order_id = $1', [orderId])).toHaveLength(1);
    expect(await notifications('digital.codes_delivered', orderId)).toHaveLength(1);
    expect(await supplierOrder(orderId)).toMatchObject({ status: 'fulfilled' });
  });

  it('retries a fulfilled for an order we do not have yet, and delivers once the order appears', async () => {
    const orderId = `ORD-LATE-DG-${Date.now()}`;
    const response = await app.post('supplier', fulfilled(orderId, uniqueCode()));
    await waitFor(async () => (await app.event(response.body.eventId as string))?.status === 'retrying', { what: 'first try failed' });

    await digitalOrder({ id: orderId });

    const event = await processed(response.body.eventId);
    expect(event).toMatchObject({ status: 'processed', outcome: 'applied' });
    expect(Number(event.attempts)).toBeGreaterThan(1);
    expect((await app.order(orderId)).fulfillmentStatus).toBe('fulfilled');
  });

  it('records supplier events for a physical order without effect', async () => {
    const orderId = (await app.createOrder()).id as string;
    const event = await deliver(supplierEvent('order.failed', orderId));
    expect(event).toMatchObject({ outcome: 'no_effect', note: `supplier events apply to digital orders; order ${orderId} is physical` });
  });

  it("says in the event's note that the codes e-mail is queued (SMTP is configured here)", async () => {
    const orderId = await digitalOrder();
    const event = await deliver(fulfilled(orderId, uniqueCode()));
    expect(event.note).toContain('fulfilment unfulfilled → fulfilled; 1 code(s) stored sealed; e-mail to the customer queued');
  });

  it("says in the event's note that the codes e-mail is recorded, not sent, where SMTP is not configured", async () => {
    const noSmtp = await TestApp.start();
    try {
      const orderId = (await noSmtp.createOrder({ kind: 'digital', amount: 20.0, currency: 'USD' })).id as string;
      const response = await noSmtp.post('supplier', fulfilled(orderId, uniqueCode()));
      const event = await noSmtp.settled(response.body.eventId as string);
      expect(event.note).toContain('1 code(s) stored sealed; e-mail to the customer recorded, not sent: SMTP_URL is not set');
      expect(event.note).not.toContain('e-mailed');
      const [email] = await noSmtp.db.query('SELECT status FROM notifications WHERE template = $1', ['digital.codes_delivered']);
      expect(email).toBeDefined();
    } finally {
      await noSmtp.stop();
    }
  });

  it('documents the webhook in Swagger with an example per event type', async () => {
    const document = (await app.api('/docs-json')).body as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const webhook = document.paths['/api/v2/webhook/supplier'].post;
    const examples = (webhook.requestBody as { content: Record<string, { examples: object }> }).content['application/json'].examples;
    expect(Object.keys(examples)).toEqual(['order.created', 'order.fulfilled', 'order.failed', 'order.refunded', 'balance.low']);
  });

  it('answers 401 to an unsigned supplier webhook and stores nothing', async () => {
    const orderId = await digitalOrder();
    const response = await app.post('supplier', fulfilled(orderId, uniqueCode()), { headers: { 'x-webhook-signature': 'sha256=00' } });
    expect(response.status).toBe(401);
    expect(await app.db.query('SELECT id FROM webhook_events WHERE reference = $1', [orderId])).toEqual([]);
  });

  it('answers 400 listing the known events for an unknown event type, and for order events without our reference', async () => {
    const unknown = await app.post('supplier', { ...supplierEvent('order.created', 'ORD-1'), event: 'order.teleported' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain(
      'event must be one of: order.created, order.fulfilled, order.failed, order.refunded, balance.low',
    );

    const noReference = await app.post('supplier', supplierEvent('order.created', null));
    expect(noReference.status).toBe(400);
    expect(JSON.stringify(noReference.body)).toContain('data.reference (our order id) is required for order.created');

    const noCode = await app.post('supplier', supplierEvent('order.fulfilled', 'ORD-1', { items: [{ sku: 'steam-20-usd', code: null }] }));
    expect(noCode.status).toBe(400);
    expect(JSON.stringify(noCode.body)).toContain('order.fulfilled must carry data.items, each with a code');
  });
});
