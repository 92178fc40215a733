import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWebhook, main } from '../scripts/webhook-send.js';
import { providerEnvSuffix } from '../src/webhooks/verification/provider-settings.js';
import { SUPPLIER_PROVIDER } from '../src/supplier/supplier-events.js';
import { PAYMENT_EXAMPLES } from '../src/payment/payment-events.js';
import { TestApp, testSecret } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

describe('webhook simulator (npm run webhook:send)', () => {
  let app: TestApp;
  // What the simulator remembers between sends (for --repeat), apart from a developer's.
  const stateDir = mkdtempSync(join(tmpdir(), 'webhook-send-test-'));
  const env = () => ({
    WEBHOOK_SECRET_PAYMENT: `${testSecret('payment')},an-older-secret`,
    WEBHOOK_SECRET_SUPPLIER: testSecret('supplier'),
  });

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const run = async (argv: string[], environment: Record<string, string> = env()) => {
    const lines: string[] = [];
    const code = await main(argv, { WEBHOOK_SEND_STATE: join(stateDir, 'state.json'), ...environment }, (line) => lines.push(line));
    return { code, output: lines.join('\n') };
  };

  it('signs (with the first of the configured secrets) and posts the seed payment.success for an order, prints the answer, and the order is paid', async () => {
    const order = await app.createOrder();
    const { code, output } = await run(['payment', 'payment.success', '--order', order.id as string, '--url', app.url]);

    expect(code).toBe(0);
    expect(output).toContain(`POST ${app.url}/api/v2/webhook/payment (payment payment.success for ${order.id})`);
    expect(output).toMatch(/→ 200 \{"status":"accepted","eventId":"[0-9a-f-]{36}"\}/);
    await waitFor(async () => (await app.order(order.id as string)).paymentStatus === 'paid', { what: 'order paid' });

    const again = await run(['payment', 'payment.success', '--order', order.id as string, '--url', app.url, '--repeat']);
    expect(again.output).toContain('→ 200 {"status":"duplicate"');
  });

  it('builds the seed example of every event, with the order where the provider names one', () => {
    expect(buildWebhook('payment', 'refund.completed', 'ORD-1')).toEqual({ ...PAYMENT_EXAMPLES['refund.completed'], order_id: 'ORD-1' });
    expect(buildWebhook(SUPPLIER_PROVIDER, 'order.fulfilled', 'ORD-2')).toMatchObject({
      event: 'order.fulfilled',
      data: { reference: 'ORD-2' },
    });
    expect(buildWebhook('order-payment', 'order.payment (PAID)', 'ORD-3')).toMatchObject({ id: 'ORD-3', orderPayment: { status: 'PAID' } });
    expect(() => buildWebhook('order-payment', 'order.payment')).toThrow(
      /no single example named "order.payment"; one of: "order.payment \(PAID\)"/,
    );
    expect(() => buildWebhook('gmetri-points', 'points.updated', 'ORD-4')).toThrow('do not name an order');
    expect(() => buildWebhook('fax', 'page.sent')).toThrow(
      'unknown provider fax; one of: payment, shipping, gmetri-points, supplier, order-payment, razorpay, cashfree, stripe, shopify, shiprocket',
    );
  });

  it('sends an example of every provider, and the service accepts each signature', async () => {
    for (const provider of ['payment', 'shipping', 'gmetri-points', 'supplier', 'order-payment']) {
      const environment = { [`WEBHOOK_SECRET_${providerEnvSuffix(provider)}`]: testSecret(provider) };
      const event = {
        payment: 'payment.failed',
        shipping: 'shipment.shipped',
        'gmetri-points': 'points.updated',
        supplier: 'balance.low',
        'order-payment': 'order.payment (PAID)',
      }[provider]!;
      const { code, output } = await run([provider, event, '--url', app.url], environment);
      expect({ provider, code, output }).toMatchObject({ code: 0, output: expect.stringContaining('→ 200') });
    }
  });

  it('explains what is missing instead of sending', async () => {
    expect(await run(['payment'])).toEqual({ code: 2, output: expect.stringContaining('usage: npm run webhook:send') });
    expect(await run(['shipping', 'shipment.shipped'], {})).toEqual({
      code: 2,
      output: 'error: set WEBHOOK_SECRET_SHIPPING to the secret the service checks',
    });
    expect(await run(['payment', 'payment.success', '--colour', 'red'])).toEqual({ code: 2, output: 'error: unknown option --colour' });
    const wrongSecret = await run(['payment', 'payment.success', '--url', app.url], { WEBHOOK_SECRET_PAYMENT: 'not-the-secret' });
    expect(wrongSecret).toEqual({ code: 1, output: expect.stringContaining('→ 401') });
  });

  it('sends a new event each time: not a duplicate of the README example or of the previous send', async () => {
    const readmeOrder = 'ORD-2026-12345';
    await app.createOrder({ id: readmeOrder });
    expect((await app.post('payment', PAYMENT_EXAMPLES['payment.success'])).body.status).toBe('accepted');

    const first = await run(['payment', 'payment.success', '--order', readmeOrder, '--url', app.url]);
    const second = await run(['payment', 'payment.success', '--order', readmeOrder, '--url', app.url]);
    for (const send of [first, second]) expect(send).toEqual({ code: 0, output: expect.stringContaining('→ 200 {"status":"accepted"') });
    const eventIds = [first, second].map((send) => /"eventId":"([0-9a-f-]{36})"/.exec(send.output)![1]);
    const rows = await app.db.query<{ payload: Record<string, string> }>(
      'SELECT payload FROM webhook_events WHERE id = ANY($1) ORDER BY received_at',
      [eventIds],
    );
    expect(new Set(rows.map((row) => row.payload.payment_id)).size).toBe(2);
    for (const { payload } of rows) {
      expect(payload.payment_id).not.toBe('pay_abc123xyz');
      expect(Math.abs(Date.parse(payload.timestamp) - Date.now())).toBeLessThan(60_000);
    }

    const repeated = await run(['payment', 'payment.success', '--order', readmeOrder, '--url', app.url, '--repeat']);
    expect(repeated.output).toContain(`→ 200 {"status":"duplicate","eventId":"${eventIds[1]}"}`);
  });

  it("gives each order's supplier events that order's own supplier order id, so two orders' events never dedupe", async () => {
    const orders: string[] = [];
    for (let i = 0; i < 2; i += 1) orders.push((await app.createOrder({ kind: 'digital', amount: 20.0, currency: 'USD' })).id as string);
    for (const orderId of orders) {
      const sent = await run([SUPPLIER_PROVIDER, 'order.created', '--order', orderId, '--url', app.url]);
      expect(sent.output).toContain('→ 200 {"status":"accepted"');
    }
    const supplierIds = await Promise.all(
      orders.map((orderId) =>
        waitFor(async () => (await app.order(orderId)).supplierOrder as { supplierOrderId: string } | null, {
          what: `supplier order of ${orderId}`,
        }),
      ),
    );
    expect(supplierIds[0].supplierOrderId).toMatch(/^SUP-/);
    expect(supplierIds[0].supplierOrderId).not.toBe(supplierIds[1].supplierOrderId);

    // The next event about the same order names the same supplier order.
    await run([SUPPLIER_PROVIDER, 'order.fulfilled', '--order', orders[0], '--url', app.url]);
    await waitFor(async () => (await app.order(orders[0])).fulfillmentStatus === 'fulfilled', { what: 'order fulfilled' });
    expect((await app.order(orders[0])).supplierOrder).toMatchObject({
      supplierOrderId: supplierIds[0].supplierOrderId,
      status: 'fulfilled',
    });
  });

  it('says a provider or event name is unknown before asking for a secret', async () => {
    expect(await run(['fax', 'page.sent'], {})).toEqual({
      code: 2,
      output:
        'error: unknown provider fax; one of: payment, shipping, gmetri-points, supplier, order-payment, razorpay, cashfree, stripe, shopify, shiprocket',
    });
    expect(await run(['shipping', 'shipment.teleported'], {})).toEqual({
      code: 2,
      output: expect.stringContaining('error: shipping has no single example named "shipment.teleported"; one of: "shipment.shipped"'),
    });
    expect(await run(['gmetri-points', 'points.updated', '--order', 'ORD-1'], {})).toEqual({
      code: 2,
      output: 'error: gmetri-points events do not name an order; leave out --order',
    });
    expect(await run(['payment', 'refund.completed', '--order', 'ORD-NEVER-SENT', '--repeat'])).toEqual({
      code: 2,
      output: 'error: nothing sent yet for payment refund.completed ORD-NEVER-SENT; leave out --repeat',
    });
  });

  it('lists every provider and its events on --help', async () => {
    const { code, output } = await run(['--help'], {});
    expect(code).toBe(0);
    expect(output).toContain('usage: npm run webhook:send');
    expect(output).toContain('payment: "payment.success", "payment.failed", "refund.initiated", "refund.completed"');
    expect(output).toContain('supplier: "order.created", "order.fulfilled", "order.failed", "order.refunded", "balance.low"');
    for (const provider of ['shipping', 'gmetri-points', 'order-payment']) expect(output).toContain(`  ${provider}: "`);
  });

  it('signs each native provider its own way, and the service acts on what it sends for an order', async () => {
    const inr = await app.createOrder({ amount: 2499.0, currency: 'INR' });
    const usd = await app.createOrder({ amount: 24.99, currency: 'USD' });
    const shopify = await app.createOrder({ id: '5871493333999', amount: 2499.0, currency: 'INR' });
    const sends: Array<[string, string, string]> = [
      ['razorpay', 'payment.captured', inr.id as string],
      ['stripe', 'payment_intent.succeeded', usd.id as string],
      ['shopify', 'orders/paid', shopify.id as string],
      ['cashfree', 'PAYMENT_FAILED_WEBHOOK', inr.id as string],
      ['shiprocket', '6 SHIPPED', inr.id as string],
    ];
    for (const [provider, event, orderId] of sends) {
      const environment = { [`WEBHOOK_SECRET_${providerEnvSuffix(provider)}`]: testSecret(provider) };
      const { code, output } = await run([provider, event, '--order', orderId, '--url', app.url], environment);
      expect({ provider, code, output }).toMatchObject({ code: 0, output: expect.stringContaining('→ 200 {"status":"accepted"') });
    }
    for (const order of [inr, usd, shopify]) {
      await waitFor(async () => (await app.order(order.id as string)).paymentStatus === 'paid', {
        what: `order ${order.id as string} paid`,
      });
    }
  });

  it('answers a native redelivery (--repeat: the same delivery id, signed again) as a duplicate', async () => {
    const order = await app.createOrder();
    const environment = { WEBHOOK_SECRET_RAZORPAY: testSecret('razorpay') };
    await run(['razorpay', 'payment.failed', '--order', order.id as string, '--url', app.url], environment);
    const again = await run(['razorpay', 'payment.failed', '--order', order.id as string, '--url', app.url, '--repeat'], environment);
    expect(again.output).toContain('→ 200 {"status":"duplicate"');
  });

  it('signs the Standard Webhooks way for a provider switched with WEBHOOK_SCHEME_<P>', async () => {
    const secret = 'whsec_c2ltdWxhdG9yLXN0YW5kYXJkLXdlYmhvb2tzLXNlY3JldA==';
    const standard = await TestApp.start({ env: { WEBHOOK_SCHEME_SHIPPING: 'standard-webhooks', WEBHOOK_SECRET_SHIPPING: secret } });
    try {
      const { output } = await run(['shipping', 'shipment.shipped', '--url', standard.url], {
        WEBHOOK_SECRET_SHIPPING: secret,
        WEBHOOK_SCHEME_SHIPPING: 'standard-webhooks',
      });
      expect(output).toContain('→ 200 {"status":"accepted"');
    } finally {
      await standard.stop();
    }
  });
});
