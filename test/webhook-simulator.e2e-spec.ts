import { buildWebhook, main } from '../scripts/webhook-send.js';
import { providerEnvSuffix } from '../src/webhooks/verification/provider-settings.js';
import { SUPPLIER_PROVIDER } from '../src/supplier/supplier-events.js';
import { PAYMENT_EXAMPLES } from '../src/payment/payment-events.js';
import { TestApp, testSecret } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

describe('webhook simulator (npm run webhook:send)', () => {
  let app: TestApp;
  const env = () => ({ WEBHOOK_SECRET_PAYMENT: `${testSecret('payment')},an-older-secret`, WEBHOOK_SECRET_SUPPLIER: testSecret('supplier') });

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.stop();
  });

  const run = async (argv: string[], environment: Record<string, string> = env()) => {
    const lines: string[] = [];
    const code = await main(argv, environment, (line) => lines.push(line));
    return { code, output: lines.join('\n') };
  };

  it('signs (with the first of the configured secrets) and posts the seed payment.success for an order, prints the answer, and the order is paid', async () => {
    const order = await app.createOrder();
    const { code, output } = await run(['payment', 'payment.success', '--order', order.id as string, '--url', app.url]);

    expect(code).toBe(0);
    expect(output).toContain(`POST ${app.url}/api/v2/webhook/payment (payment payment.success for ${order.id})`);
    expect(output).toMatch(/→ 200 \{"status":"accepted","eventId":"[0-9a-f-]{36}"\}/);
    await waitFor(async () => (await app.order(order.id as string)).paymentStatus === 'paid', { what: 'order paid' });

    const again = await run(['payment', 'payment.success', '--order', order.id as string, '--url', app.url]);
    expect(again.output).toContain('→ 200 {"status":"duplicate"');
  });

  it('builds the seed example of every event, with the order where the provider names one', () => {
    expect(buildWebhook('payment', 'refund.completed', 'ORD-1')).toEqual({ ...PAYMENT_EXAMPLES['refund.completed'], order_id: 'ORD-1' });
    expect(buildWebhook(SUPPLIER_PROVIDER, 'order.fulfilled', 'ORD-2')).toMatchObject({ event: 'order.fulfilled', data: { reference: 'ORD-2' } });
    expect(buildWebhook('order-payment', 'order.payment (PAID)', 'ORD-3')).toMatchObject({ id: 'ORD-3', orderPayment: { status: 'PAID' } });
    expect(() => buildWebhook('order-payment', 'order.payment')).toThrow(/no single example named "order.payment"; one of: "order.payment \(PAID\)"/);
    expect(() => buildWebhook('gmetri-points', 'points.updated', 'ORD-4')).toThrow('do not name an order');
    expect(() => buildWebhook('fax', 'page.sent')).toThrow('unknown provider fax; one of: payment, shipping, gmetri-points, supplier, order-payment');
  });

  it('sends an example of every provider, and the service accepts each signature', async () => {
    for (const provider of ['payment', 'shipping', 'gmetri-points', 'supplier', 'order-payment']) {
      const environment = { [`WEBHOOK_SECRET_${providerEnvSuffix(provider)}`]: testSecret(provider) };
      const event = { payment: 'payment.failed', shipping: 'shipment.shipped', 'gmetri-points': 'points.updated', supplier: 'balance.low', 'order-payment': 'order.payment (PAID)' }[provider]!;
      const { code, output } = await run([provider, event, '--url', app.url], environment);
      expect({ provider, code, output }).toMatchObject({ code: 0, output: expect.stringContaining('→ 200') });
    }
  });

  it('explains what is missing instead of sending', async () => {
    expect(await run(['payment'])).toEqual({ code: 2, output: expect.stringContaining('usage: npm run webhook:send') });
    expect(await run(['shipping', 'shipment.shipped'], {})).toEqual({ code: 2, output: 'error: set WEBHOOK_SECRET_SHIPPING to the secret the service checks' });
    expect(await run(['payment', 'payment.success', '--colour', 'red'])).toEqual({ code: 2, output: 'error: unknown option --colour' });
    const wrongSecret = await run(['payment', 'payment.success', '--url', app.url], { WEBHOOK_SECRET_PAYMENT: 'not-the-secret' });
    expect(wrongSecret).toEqual({ code: 1, output: expect.stringContaining('→ 401') });
  });
});
