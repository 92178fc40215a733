import { request } from 'node:http';
import { signPayload } from '../src/webhooks/verification/hmac-sha256.verifier.js';
import { PAYMENT_EVENTS, PAYMENT_EXAMPLES } from '../src/payment/payment-events.js';
import type { WebhookResponse } from './support/signing.js';
import { TestApp, testSecret } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

const MIB = 1024 * 1024;
/** Two active secrets of the payment provider (rotation). */
const SECRET_OLD = 'secret-old-0123456789abcdef0123456789';
const SECRET_NEW = 'secret-new-0123456789abcdef0123456789';
let sequence = 0;

/** A fresh seed payment.success, so that accepted copies are never duplicates of each other. */
const paymentSuccess = (extra: Record<string, unknown> = {}) => ({
  ...PAYMENT_EXAMPLES['payment.success'],
  order_id: `ORD-REJECT-${(sequence += 1)}`,
  ...extra,
});

/** A payment.success for an order that exists, so that an accepted event applies cleanly. */
const payableSuccess = async (app: TestApp) => paymentSuccess({ order_id: (await app.createOrder()).id });

const storedEvents = async (app: TestApp) => Number((await app.db.query<{ n: string }>('SELECT count(*) AS n FROM webhook_events'))[0].n);

/** Sends a request that must be refused with `status` and a JSON error, and checks the inbox did not grow. */
async function expectRejected(app: TestApp, status: number, send: () => Promise<WebhookResponse>): Promise<WebhookResponse> {
  const before = await storedEvents(app);
  const response = await send();
  expect({ status: response.status, body: response.body }).toEqual({
    status,
    body: expect.objectContaining({ statusCode: status, message: expect.anything() }),
  });
  expect(await storedEvents(app)).toBe(before);
  return response;
}

const messageOf = (response: WebhookResponse) => String(response.body.message);

describe('webhook rejections: signature, body and content', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ env: { WEBHOOK_SECRET_PAYMENT: `${SECRET_OLD},${SECRET_NEW}` } });
  });

  afterAll(async () => {
    await app.stop();
  });

  it('accepts a signature made with either of two active secrets (rotation)', async () => {
    for (const secret of [SECRET_OLD, SECRET_NEW]) {
      const response = await app.post('payment', await payableSuccess(app), { secret });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'accepted', eventId: expect.any(String) });
      expect(await app.event(response.body.eventId as string)).toMatchObject({ provider: 'payment', event_type: 'payment.success' });
    }
  });

  it('accepts application/json with a charset', async () => {
    const response = await app.post('payment', await payableSuccess(app), {
      secret: SECRET_NEW,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(response.status).toBe(200);
  });

  it('401 without X-Webhook-Signature', async () => {
    const response = await expectRejected(app, 401, () => app.post('payment', paymentSuccess(), { secret: undefined }));
    expect(messageOf(response)).toContain('x-webhook-signature');
  });

  it('401 with a wrong signature', async () => {
    await expectRejected(app, 401, () => app.post('payment', paymentSuccess(), { secret: 'not-the-secret' }));
    await expectRejected(app, 401, () => app.post('payment', paymentSuccess(), { headers: { 'x-webhook-signature': 'sha256=deadbeef' } }));
  });

  it('401 with a signature made with another provider’s secret', async () => {
    await expectRejected(app, 401, () => app.post('payment', paymentSuccess(), { secret: testSecret('shipping') }));
  });

  it('401 when the signature is of other bytes than those sent (re-serialised JSON)', async () => {
    const body = paymentSuccess();
    const signature = signPayload(JSON.stringify(body, null, 2), SECRET_NEW);
    await expectRejected(app, 401, () => app.post('payment', JSON.stringify(body), { headers: { 'x-webhook-signature': signature } }));
  });

  it('400 for malformed JSON, signed', async () => {
    const response = await expectRejected(app, 400, () => app.post('payment', '{"event":"payment.success",', { secret: SECRET_NEW }));
    expect(messageOf(response)).toContain('Malformed JSON');
  });

  it('400 for a JSON body that is not an object', async () => {
    await expectRejected(app, 400, () => app.post('payment', '[1,2,3]', { secret: SECRET_NEW }));
  });

  it('400 for a content type other than JSON', async () => {
    const response = await expectRejected(app, 400, () =>
      app.post('payment', JSON.stringify(paymentSuccess()), { secret: SECRET_NEW, headers: { 'content-type': 'text/plain' } }),
    );
    expect(messageOf(response)).toBe('Content-Type must be application/json.');
  });

  it('400 for a body that is not valid UTF-8', async () => {
    const body = Buffer.concat([Buffer.from('{"event":"payment.success","order_id":"ORD-'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const response = await expectRejected(app, 400, () => app.post('payment', body, { secret: SECRET_NEW }));
    expect(messageOf(response)).toBe('Body is not valid UTF-8.');
  });

  it.each([
    ['a \\u0000 in a string', '"note":"a\\u0000b"', 'a \\u0000 character'],
    ['a \\u0000 in a key', '"no\\u0000te":"x"', 'a \\u0000 character'],
    ['an unpaired surrogate', '"note":"\\ud800"', 'an unpaired UTF-16 surrogate'],
  ])(
    '400, not a 503 the provider retries for ever, for valid JSON Postgres cannot store: %s; its audit row is kept',
    async (_, field, problem) => {
      const body = JSON.stringify(paymentSuccess()).replace(/}$/, `,${field}}`);
      const requestId = `unstorable-${sequence}`;
      const response = await expectRejected(app, 400, () =>
        app.post('payment', body, { secret: SECRET_NEW, headers: { 'x-request-id': requestId } }),
      );
      expect(messageOf(response)).toBe(`Body holds text that cannot be stored: ${problem}.`);
      const audited = await waitFor(
        async () => (await app.db.query('SELECT outcome FROM external_api_logs WHERE request_id = $1', [requestId]))[0],
        { what: 'the audit row of the refused request' },
      );
      expect(audited).toEqual({ outcome: 'invalid' });
    },
  );

  it('audits an unsigned request whose event type holds a \\u0000 (the row once sank its whole audit batch), without reading it', async () => {
    const requestId = `unsigned-nul-${Date.now()}`;
    await expectRejected(app, 401, () =>
      app.post('payment', '{"event":"payment.\\u0000"}', { secret: undefined, headers: { 'x-request-id': requestId } }),
    );
    const audited = await waitFor(
      async () => (await app.db.query('SELECT outcome, event_type FROM external_api_logs WHERE request_id = $1', [requestId]))[0],
      { what: 'the audit row of the unsigned request' },
    );
    // Issue 12: an unsigned body is not parsed at all, so its row names no event type.
    expect(audited).toEqual({ outcome: 'rejected_signature', event_type: null });
  });

  it('400 naming a missing order_id', async () => {
    const { order_id: _, ...withoutOrder } = paymentSuccess();
    const response = await expectRejected(app, 400, () => app.post('payment', withoutOrder, { secret: SECRET_NEW }));
    expect(messageOf(response)).toContain('order_id');
  });

  it('400 naming mistyped fields', async () => {
    const response = await expectRejected(app, 400, () =>
      app.post('payment', paymentSuccess({ amount: 'lots', timestamp: 'yesterday' }), { secret: SECRET_NEW }),
    );
    expect(messageOf(response)).toMatch(/amount/);
    expect(messageOf(response)).toMatch(/timestamp/);
  });

  it('400 for an unknown event, listing the known ones', async () => {
    const response = await expectRejected(app, 400, () =>
      app.post('payment', paymentSuccess({ event: 'payment.maybe' }), { secret: SECRET_NEW }),
    );
    expect(messageOf(response)).toContain(`event must be one of: ${PAYMENT_EVENTS.join(', ')}`);
  });

  it('413 with a JSON error for a body over 1 MiB, and accepts one just under', async () => {
    const padded = (size: number) => {
      const skeleton = JSON.stringify(paymentSuccess({ method: '' }));
      return skeleton.replace('"method":""', `"method":"${'x'.repeat(size - skeleton.length)}"`);
    };
    const tooLarge = padded(MIB + 1);
    expect(Buffer.byteLength(tooLarge)).toBe(MIB + 1);
    const response = await expectRejected(app, 413, () => app.post('payment', tooLarge, { secret: SECRET_NEW }));
    expect(response.headers.get('content-type')).toContain('application/json');

    // Just under the limit the body gets through to validation (method is at most 50 characters).
    const fits = await expectRejected(app, 400, () => app.post('payment', padded(MIB), { secret: SECRET_NEW }));
    expect(messageOf(fits)).toContain('method');
  });
});

describe('webhook rejections: IP allowlist behind one trusted proxy', () => {
  let app: TestApp;
  const from = (forwardedFor?: string) => (forwardedFor === undefined ? {} : { headers: { 'x-forwarded-for': forwardedFor } });

  beforeAll(async () => {
    app = await TestApp.start({
      env: {
        WEBHOOK_ALLOWED_IPS_PAYMENT: '203.0.113.0/24, 2001:db8::/32, ::ffff:192.0.2.0/120',
        // The test client (127.0.0.1) plays the proxy.
        TRUSTED_PROXIES: '127.0.0.1',
      },
    });
  });

  afterAll(async () => {
    await app.stop();
  });

  it.each([
    ['an allowed IPv4 address', '203.0.113.5'],
    ['an allowed IPv4 address behind a client-supplied entry', '198.51.100.1, 203.0.113.5'],
    ['an allowed IPv6 address', '2001:db8::5'],
    ['an IPv4-mapped IPv6 form of an allowed IPv4 address', '::ffff:203.0.113.5'],
    ['an IPv4 address inside an IPv4-mapped range of the list', '192.0.2.7'],
    ["a load balancer's address:port form of an allowed address", '203.0.113.5:443'],
  ])('200 from %s (X-Forwarded-For: %s)', async (_, forwardedFor) => {
    const response = await app.post('payment', await payableSuccess(app), from(forwardedFor));
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('accepted');
  });

  it.each([
    ['an address outside the list', '198.51.100.1'],
    ['an IPv6 address outside the list', '2001:db9::1'],
    ['a spoofed allowed leftmost entry', '203.0.113.5, 198.51.100.1'],
    ['no X-Forwarded-For (the proxy itself, 127.0.0.1)', undefined],
    ['a hex spelling of an allowed address', '0xcb.0x0.0x71.0x5'],
    ['an octal spelling of an allowed address', '0313.0.0161.05'],
    ['an integer spelling of an allowed address', '3405803781'],
    ['a leading-zero spelling of an allowed address', '203.000.113.005'],
  ])('403 from %s (X-Forwarded-For: %s)', async (_, forwardedFor) => {
    const response = await expectRejected(app, 403, () => app.post('payment', paymentSuccess(), from(forwardedFor)));
    expect(messageOf(response)).toContain('not allowed for provider payment');
  });

  it('checks the address before the signature: 403 even when signed wrongly', async () => {
    await expectRejected(app, 403, () => app.post('payment', paymentSuccess(), { secret: 'wrong', ...from('198.51.100.1') }));
  });
});

/** A signed payment webhook sent from `localAddress` (any 127.x.y.z on Linux): a peer other than the test's usual 127.0.0.1. */
function postPaymentFrom(app: TestApp, localAddress: string, body: object, forwardedFor: string): Promise<number> {
  const raw = Buffer.from(JSON.stringify(body));
  const headers = {
    'content-type': 'application/json',
    'content-length': String(raw.length),
    'x-webhook-signature': signPayload(raw, testSecret('payment')),
    'x-forwarded-for': forwardedFor,
  };
  return new Promise((resolve, reject) => {
    const sent = request(`${app.url}/api/v2/webhook/payment`, { method: 'POST', headers, localAddress }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    sent.on('error', reject);
    sent.end(raw);
  });
}

describe('webhook rejections: X-Forwarded-For is believed only from TRUSTED_PROXIES', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ env: { WEBHOOK_ALLOWED_IPS_PAYMENT: '10.0.0.0/8', TRUSTED_PROXIES: '127.0.0.1' } });
  });

  afterAll(async () => {
    await app.stop();
  });

  it.each([
    ['an allowed address', '10.1.2.3'],
    ['an allowed address behind the proxy it claims to be', '10.1.2.3, 127.0.0.1'],
    ['a hex spelling of an allowed address', '0xa.0x1.0x2.0x3'],
    ['an IPv4-mapped form of an allowed address', '::ffff:10.1.2.3'],
  ])('403: a client reaching the service directly (127.0.0.2) forges %s', async (_, forwardedFor) => {
    const before = await storedEvents(app);
    expect(await postPaymentFrom(app, '127.0.0.2', await payableSuccess(app), forwardedFor)).toBe(403);
    expect(await storedEvents(app)).toBe(before);
  });

  it('200: the same header through the configured proxy (127.0.0.1)', async () => {
    expect(await postPaymentFrom(app, '127.0.0.1', await payableSuccess(app), '10.1.2.3')).toBe(200);
  });
});

describe('webhook rejections: IP allowlist with no trusted proxy', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ env: { WEBHOOK_ALLOWED_IPS_PAYMENT: '10.0.0.0/8' } });
  });

  afterAll(async () => {
    await app.stop();
  });

  it('403: X-Forwarded-For is ignored, the socket peer (127.0.0.1) counts', async () => {
    await expectRejected(app, 403, () => app.post('payment', paymentSuccess(), { headers: { 'x-forwarded-for': '10.0.0.1' } }));
  });
});
