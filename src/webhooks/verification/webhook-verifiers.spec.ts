import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import { hmacSha256 } from './hmac.js';
import { standardWebhooksKey } from './standard-webhooks.verifier.js';
import type { VerificationContext, WebhookVerifier } from './webhook-verifier.js';
import { WEBHOOK_VERIFIERS } from './webhook-verifiers.js';

const NOW_S = 1_614_265_330;
const TOLERANCE_S = 300;

function verifier(scheme: string): WebhookVerifier {
  const found = WEBHOOK_VERIFIERS.get(scheme);
  if (!found) throw new Error(`no verifier ${scheme}`);
  return found;
}

/** Undefined when accepted; else the refusal. */
function check(scheme: string, headers: IncomingHttpHeaders, body: string | Buffer, secrets: string[], nowS = NOW_S) {
  const context: VerificationContext = { secrets, nowMs: nowS * 1000, toleranceSeconds: TOLERANCE_S };
  return verifier(scheme).refusal({ headers, body: Buffer.from(body) }, context);
}

/** One byte of the body changed: the last character's code moved by one. */
function tampered(body: string): string {
  return body.slice(0, -1) + String.fromCharCode(body.charCodeAt(body.length - 1) ^ 1);
}

describe('hmac-sha256 (this service, GitHub)', () => {
  // github/docs validating-webhook-deliveries.md
  const secret = "It's a Secret to Everybody";
  const body = 'Hello, World!';
  const signature = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

  it("accepts GitHub's published vector", () => {
    expect(check('hmac-sha256', { 'x-webhook-signature': signature }, body, [secret])).toBeUndefined();
  });

  it('refuses a changed byte, a missing header and a truncated signature', () => {
    expect(check('hmac-sha256', { 'x-webhook-signature': signature }, tampered(body), [secret])).toBe('Invalid webhook signature.');
    expect(check('hmac-sha256', {}, body, [secret])).toBe('Missing x-webhook-signature header.');
    expect(check('hmac-sha256', { 'x-webhook-signature': signature.slice(0, -2) }, body, [secret])).toBe('Invalid webhook signature.');
  });
});

describe('razorpay', () => {
  // razorpay-node test/utils/razorpay-utils.spec.js
  const secret = '123456';
  const body = '{"a":1,"b":2,"c":{"d":3}}';
  const signature = '2fe04e22977002e6c7cb553adab8b460cb9e2a4970d5953cb27a8472752e3bbc';

  it("accepts Razorpay's SDK vector, under any active secret", () => {
    expect(check('razorpay', { 'x-razorpay-signature': signature }, body, [secret])).toBeUndefined();
    expect(check('razorpay', { 'x-razorpay-signature': signature }, body, ['a-newer-secret-0123456789abcdef', secret])).toBeUndefined();
  });

  it("refuses the SDK's bad signature, a changed byte, re-serialised JSON, a truncated signature and no header", () => {
    expect(check('razorpay', { 'x-razorpay-signature': 'sdfafds' }, body, [secret])).toBe('Invalid webhook signature.');
    expect(check('razorpay', { 'x-razorpay-signature': signature }, tampered(body), [secret])).toBe('Invalid webhook signature.');
    expect(check('razorpay', { 'x-razorpay-signature': signature }, JSON.stringify(JSON.parse(body), null, 1), [secret])).toBe(
      'Invalid webhook signature.',
    );
    expect(check('razorpay', { 'x-razorpay-signature': signature.slice(0, 63) }, body, [secret])).toBe('Invalid webhook signature.');
    expect(check('razorpay', {}, body, [secret])).toBe('Missing x-razorpay-signature header.');
  });
});

describe('cashfree', () => {
  // Cashfree's SDKs ship no vector; this one follows PGVerifyWebhookSignature: base64 HMAC of timestamp + body.
  const secret = 'cashfree-client-secret-0123456789abcdef';
  const body = '{"data":{"order":{"order_id":"ORD-1"}},"type":"PAYMENT_SUCCESS_WEBHOOK"}';
  const timestampMs = String(NOW_S * 1000);
  const signature = createHmac('sha256', secret)
    .update(timestampMs + body)
    .digest('base64');
  const headers = { 'x-webhook-signature': signature, 'x-webhook-timestamp': timestampMs };

  it('accepts the base64 HMAC of the millisecond timestamp immediately followed by the body', () => {
    expect(check('cashfree', headers, body, [secret])).toBeUndefined();
  });

  it('refuses a changed byte, a truncated signature, a missing timestamp and one a second outside the tolerance', () => {
    expect(check('cashfree', headers, tampered(body), [secret])).toBe('Invalid webhook signature.');
    expect(check('cashfree', { ...headers, 'x-webhook-signature': signature.slice(0, -4) }, body, [secret])).toBe(
      'Invalid webhook signature.',
    );
    expect(check('cashfree', { 'x-webhook-signature': signature }, body, [secret])).toBe('Missing x-webhook-timestamp header.');
    expect(check('cashfree', headers, body, [secret], NOW_S + TOLERANCE_S)).toBeUndefined();
    expect(check('cashfree', headers, body, [secret], NOW_S + TOLERANCE_S + 1)).toBe(
      'x-webhook-timestamp is not a time within 300 s of now.',
    );
  });
});

describe('stripe', () => {
  const secret = 'whsec_stripe_test_secret_0123456789abcdef';
  const body = '{"id":"evt_1","type":"payment_intent.succeeded"}';

  it("computes stripe-node's HMAC vector (test/crypto/helpers.ts)", () => {
    expect(hmacSha256('test_secret', '{"obj1":"hello","obj2":"world"}').toString('hex')).toBe(
      'bebb1a643997f419b315ddba19e6f5411e1ce7f810ba6d3617ce72823092f363',
    );
  });

  it("accepts a header made by Stripe's own SDK, with a junk v1 beside the valid one", () => {
    const header = new Stripe('sk_test_unused').webhooks.generateTestHeaderString({ payload: body, secret, timestamp: NOW_S });
    expect(check('stripe', { 'stripe-signature': header }, body, [secret])).toBeUndefined();
    expect(check('stripe', { 'stripe-signature': `${header},v1=${'0'.repeat(64)}` }, body, [secret])).toBeUndefined();
    expect(check('stripe', { 'stripe-signature': header.replace('v1=', `v1=${'f'.repeat(64)},v1=`) }, body, [secret])).toBeUndefined();
  });

  it('refuses a changed byte, a truncated signature, no timestamp and a timestamp a second outside the tolerance', () => {
    const header = new Stripe('sk_test_unused').webhooks.generateTestHeaderString({ payload: body, secret, timestamp: NOW_S });
    expect(check('stripe', { 'stripe-signature': header }, tampered(body), [secret])).toBe('Invalid webhook signature.');
    expect(check('stripe', { 'stripe-signature': header.slice(0, -1) }, body, [secret])).toBe('Invalid webhook signature.');
    expect(check('stripe', { 'stripe-signature': header.replace(/t=\d+,/, '') }, body, [secret])).toBe(
      'stripe-signature carries no timestamp (t=).',
    );
    expect(check('stripe', { 'stripe-signature': header }, body, [secret], NOW_S - TOLERANCE_S - 1)).toBe(
      'stripe-signature t= is not a time within 300 s of now.',
    );
    expect(check('stripe', { 'stripe-signature': header }, body, [secret], NOW_S + TOLERANCE_S + 1)).toBe(
      'stripe-signature t= is not a time within 300 s of now.',
    );
  });
});

describe('shopify', () => {
  // Shopify/shopify-app-js validate.test.ts
  const secret = 'test_secret_key';
  const body = '{"foo": "bar"}';
  const signature = 'B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=';

  it("accepts Shopify's SDK vector", () => {
    expect(check('shopify', { 'x-shopify-hmac-sha256': signature }, body, [secret])).toBeUndefined();
  });

  it('refuses a changed byte, re-serialised JSON, a truncated signature and no header', () => {
    expect(check('shopify', { 'x-shopify-hmac-sha256': signature }, tampered(body), [secret])).toBe('Invalid webhook signature.');
    expect(check('shopify', { 'x-shopify-hmac-sha256': signature }, '{"foo":"bar"}', [secret])).toBe('Invalid webhook signature.');
    expect(check('shopify', { 'x-shopify-hmac-sha256': signature.slice(0, -4) }, body, [secret])).toBe('Invalid webhook signature.');
    expect(check('shopify', {}, body, [secret])).toBe('Missing x-shopify-hmac-sha256 header.');
  });
});

describe('static-token (Shiprocket)', () => {
  const token = 'shiprocket-static-token-0123456789abcdef';

  it('accepts the configured token in x-api-key, whatever the body', () => {
    expect(check('static-token', { 'x-api-key': token }, '{}', ['older-token-0123456789abcdef0123', token])).toBeUndefined();
  });

  it('refuses another token, a truncated one and none', () => {
    expect(check('static-token', { 'x-api-key': `${token}x` }, '{}', [token])).toBe('Invalid x-api-key token.');
    expect(check('static-token', { 'x-api-key': token.slice(0, -1) }, '{}', [token])).toBe('Invalid x-api-key token.');
    expect(check('static-token', {}, '{}', [token])).toBe('Missing x-api-key header.');
  });
});

describe('standard-webhooks', () => {
  // standard-webhooks libraries/javascript/src/webhook.test.ts (same in the Go, Python, Java, C# tests)
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const body = '{"test": 2432232314}';
  const signature = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
  const headers = { 'webhook-id': id, 'webhook-timestamp': String(NOW_S), 'webhook-signature': signature };

  it('accepts the reference vector, also beside a junk entry and a v1a entry', () => {
    expect(check('standard-webhooks', headers, body, [secret])).toBeUndefined();
    expect(
      check('standard-webhooks', { ...headers, 'webhook-signature': `v1,Zm9v ${signature} v1a,Zm9v` }, body, [secret]),
    ).toBeUndefined();
  });

  it("accepts a request signed by the standardwebhooks library's Webhook.sign", () => {
    const signed = new Webhook(secret).sign(id, new Date(NOW_S * 1000), body);
    expect(check('standard-webhooks', { ...headers, 'webhook-signature': signed }, body, [secret])).toBeUndefined();
    expect(standardWebhooksKey(secret)).toEqual(Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64'));
  });

  it('refuses a changed byte, another id, a truncated signature, missing headers, a bad timestamp and ±301 s', () => {
    const refused = 'Invalid webhook signature.';
    expect(check('standard-webhooks', headers, tampered(body), [secret])).toBe(refused);
    expect(check('standard-webhooks', { ...headers, 'webhook-id': `${id}x` }, body, [secret])).toBe(refused);
    expect(check('standard-webhooks', { ...headers, 'webhook-signature': signature.slice(0, -4) }, body, [secret])).toBe(refused);
    expect(
      check('standard-webhooks', { ...headers, 'webhook-signature': 'v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' }, body, [secret]),
    ).toBe(refused);
    expect(check('standard-webhooks', { 'webhook-id': id, 'webhook-timestamp': String(NOW_S) }, body, [secret])).toBe(
      'Missing webhook-signature header.',
    );
    expect(check('standard-webhooks', { ...headers, 'webhook-timestamp': 'soon' }, body, [secret])).toBe(
      'webhook-timestamp is not a time within 300 s of now.',
    );
    expect(check('standard-webhooks', headers, body, [secret], NOW_S + TOLERANCE_S + 1)).toBe(
      'webhook-timestamp is not a time within 300 s of now.',
    );
    expect(check('standard-webhooks', headers, body, [secret], NOW_S - TOLERANCE_S - 1)).toBe(
      'webhook-timestamp is not a time within 300 s of now.',
    );
  });
});

describe('every scheme signs what it verifies', () => {
  const secretOf = (scheme: string) =>
    scheme === 'standard-webhooks' ? 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' : `${scheme}-secret-0123456789abcdef012345`;
  const body = Buffer.from('{"event":"demo","amount":249900}');
  const delivery = { id: 'evt_0123456789', nowMs: NOW_S * 1000 };

  it.each([...WEBHOOK_VERIFIERS.keys()])('%s: its own signature verifies, and not under another secret', (scheme) => {
    const headers = verifier(scheme).sign(body, secretOf(scheme), delivery);
    expect(check(scheme, headers, body, [secretOf(scheme)])).toBeUndefined();
    expect(check(scheme, headers, body, ['whsec_b3RoZXItc2VjcmV0LTAxMjM0NTY3ODlhYmNkZWY='])).toBeDefined();
  });

  it('signs Standard Webhooks as the standardwebhooks library does', () => {
    const secret = secretOf('standard-webhooks');
    const headers = verifier('standard-webhooks').sign(body, secret, delivery);
    expect(headers['webhook-signature']).toBe(new Webhook(secret).sign(delivery.id, new Date(delivery.nowMs), body.toString()));
  });
});
