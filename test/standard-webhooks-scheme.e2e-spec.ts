import { Webhook } from 'standardwebhooks';
import { PAYMENT_EXAMPLES } from '../src/payment/payment-events.js';
import { postWebhook } from './support/signing.js';
import { TestApp } from './support/test-app.js';

const SECRET = 'whsec_c3RhbmRhcmQtd2ViaG9va3MtcGF5bWVudC1zZWNyZXQtMDEyMw==';

/** Headers as the standardwebhooks library (an independent implementation) signs them. */
function standardWebhooksHeaders(id: string, body: string, secret = SECRET, at = new Date()): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}

describe('WEBHOOK_SCHEME_PAYMENT=standard-webhooks (HTTP, Postgres, Redis, Bull worker)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ env: { WEBHOOK_SCHEME_PAYMENT: 'standard-webhooks', WEBHOOK_SECRET_PAYMENT: SECRET } });
  });

  afterAll(async () => {
    await app.stop();
  });

  const paymentSuccess = (orderId: string) => JSON.stringify({ ...PAYMENT_EXAMPLES['payment.success'], order_id: orderId });

  it('accepts a payment.success signed by the standardwebhooks library and pays the order', async () => {
    const { id } = await app.createOrder();
    const body = paymentSuccess(id as string);
    const response = await postWebhook(app.url, 'payment', body, { headers: standardWebhooksHeaders('msg_2f6a0c1e9b', body) });
    expect(response).toMatchObject({ status: 200, body: { status: 'accepted' } });
    await app.settled(response.body.eventId as string);
    expect((await app.order(id as string)).paymentStatus).toBe('paid');
  });

  it('dedupes on webhook-id: a retry with the same id is a duplicate, re-signed at another time', async () => {
    const { id } = await app.createOrder();
    const body = paymentSuccess(id as string);
    const first = await postWebhook(app.url, 'payment', body, { headers: standardWebhooksHeaders('msg_retry_77', body) });
    const retry = await postWebhook(app.url, 'payment', body, {
      headers: standardWebhooksHeaders('msg_retry_77', body, SECRET, new Date(Date.now() + 60_000)),
    });
    expect(retry.body).toEqual({ status: 'duplicate', eventId: first.body.eventId });
    expect(await app.event(first.body.eventId as string)).toMatchObject({ dedupe_key: 'id:msg_retry_77' });
  });

  it("refuses this service's own scheme once the provider is switched (401 naming the missing header)", async () => {
    const { id } = await app.createOrder();
    const response = await app.post('payment', paymentSuccess(id as string), { secret: SECRET });
    expect(response).toMatchObject({ status: 401, body: { message: 'Missing webhook-id header.' } });
  });

  it('refuses a timestamp outside WEBHOOK_TOLERANCE_SECONDS and a signature under another secret', async () => {
    const body = paymentSuccess('ORD-any');
    const stale = await postWebhook(app.url, 'payment', body, {
      headers: standardWebhooksHeaders('msg_stale', body, SECRET, new Date(Date.now() - 301_000)),
    });
    expect(stale).toMatchObject({ status: 401, body: { message: 'webhook-timestamp is not a time within 300 s of now.' } });
    const forged = await postWebhook(app.url, 'payment', body, {
      headers: standardWebhooksHeaders('msg_forged', body, 'whsec_b3RoZXItc2VjcmV0LW9mLTMyLWNoYXJhY3RlcnMtLS0='),
    });
    expect(forged).toMatchObject({ status: 401, body: { message: 'Invalid webhook signature.' } });
  });
});
