import { createHash } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { signPayload } from '../../src/webhooks/verification/hmac-sha256.verifier.js';
import { TEST_ADMIN_KEY, TestApp, testSecret } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';
import { eventCounts, paymentSuccessFor } from './fault-fixtures.js';
import { rawStatus, requestHead, trickledStatus } from './raw-http.js';

const PATH = '/api/v2/webhook/payment';
const MIB = 1024 * 1024;
const valid = JSON.stringify(paymentSuccessFor('ORD-HOSTILE'));
const sign = (body: string | Buffer) => `sha256=${signPayload(body, testSecret('payment'))}`;
const deeplyNested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const withField = (field: string, rawValue: string) => valid.replace(/}$/, `,"${field}":${rawValue}}`);
const without = (field: string, extra: Record<string, unknown> = {}) => {
  const { [field]: _dropped, ...rest } = { ...paymentSuccessFor('ORD-HOSTILE'), ...extra } as Record<string, unknown>;
  return JSON.stringify(rest);
};
const replacing = (field: string, rawValue: string) =>
  JSON.stringify({ ...paymentSuccessFor('ORD-HOSTILE'), [field]: '@@' }).replace('"@@"', rawValue);

interface HostileCase {
  name: string;
  status: number;
  /** Raw bytes of the body; signed with the payment secret unless `headers` carry their own signature. */
  body: string | Buffer;
  headers?: string[];
}

const CORPUS: HostileCase[] = [
  { name: 'truncated JSON', status: 400, body: valid.slice(0, valid.length / 2) },
  { name: 'invalid JSON', status: 400, body: '{"event": payment.success}' },
  { name: 'a JSON array', status: 400, body: '[1,2,3]' },
  { name: 'JSON null', status: 400, body: 'null' },
  { name: 'an empty body', status: 400, body: '' },
  { name: 'order_id of the wrong type', status: 400, body: replacing('order_id', '12345') },
  { name: 'amount as a string', status: 400, body: replacing('amount', '"2499.00"') },
  { name: 'an amount beyond float range', status: 400, body: replacing('amount', '1e400') },
  { name: 'a huge integer amount', status: 400, body: replacing('amount', '123456789012345678901234567890') },
  { name: 'an unknown event type', status: 400, body: replacing('event', '"payment.stolen"') },
  { name: 'a payment.success without amount (a capture must state it)', status: 400, body: without('amount') },
  { name: 'a payment.success without currency', status: 400, body: without('currency') },
  { name: 'a refund.completed without amount', status: 400, body: without('amount', { event: 'refund.completed', refund_id: 'rf_h' }) },
  { name: 'a deeply nested body', status: 400, body: deeplyNested(100_000) },
  { name: 'deep nesting in a known field', status: 400, body: replacing('order_id', deeplyNested(10_000)) },
  { name: 'deep nesting in an unknown field', status: 400, body: withField('extra', deeplyNested(10_000)) },
  { name: 'a \\u0000 escape (JSON allows it, Postgres does not)', status: 400, body: withField('note', '"a\\u0000b"') },
  { name: 'an unpaired surrogate escape', status: 400, body: withField('note', '"\\udfff"') },
  {
    name: 'invalid UTF-8',
    status: 400,
    body: Buffer.concat([Buffer.from(valid.slice(0, -2)), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
  },
  { name: 'a body over the limit', status: 413, body: withField('padding', `"${'x'.repeat(MIB)}"`) },
  { name: 'a 10 MB body', status: 413, body: Buffer.alloc(10 * MIB, 0x20) },
  { name: 'text/plain content', status: 400, body: valid, headers: ['Content-Type: text/plain', `X-Webhook-Signature: ${sign(valid)}`] },
  { name: 'no signature', status: 401, body: valid, headers: ['Content-Type: application/json'] },
  {
    name: 'a signature over a different body',
    status: 401,
    body: valid,
    headers: ['Content-Type: application/json', `X-Webhook-Signature: ${sign(`${valid} `)}`],
  },
  {
    name: "another provider's valid signature, replayed",
    status: 401,
    body: valid,
    headers: ['Content-Type: application/json', `X-Webhook-Signature: sha256=${signPayload(valid, testSecret('shipping'))}`],
  },
  {
    name: 'two signature headers',
    status: 401,
    body: valid,
    headers: ['Content-Type: application/json', `X-Webhook-Signature: ${sign(valid)}`, `X-Webhook-Signature: ${sign(valid)}`],
  },
  {
    name: 'a NUL in the signature header',
    status: 400,
    body: valid,
    headers: ['Content-Type: application/json', `X-Webhook-Signature: ${sign(valid)}\0x`],
  },
  {
    name: 'a bare CR smuggling a header',
    status: 400,
    body: valid,
    headers: [`Content-Type: application/json\rX-Webhook-Signature: ${sign(valid)}`],
  },
  {
    name: 'a bare LF smuggling a header',
    status: 400,
    body: valid,
    headers: [`Content-Type: application/json\nX-Webhook-Signature: ${sign(valid)}`],
  },
];

describe('fault: hostile input', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it.each(CORPUS)('answers $status to $name, stores nothing and keeps serving', async ({ body, status, headers }) => {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
    const headerLines = headers ?? ['Content-Type: application/json', `X-Webhook-Signature: ${sign(bytes)}`];

    expect(await rawStatus(app.url, requestHead(PATH, headerLines, bytes.length), bytes)).toBe(status);
    expect((await eventCounts(app.db)).stored).toBe(0);
    expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
  });

  it('still accepts a valid webhook after the whole corpus', async () => {
    const response = await app.post('payment', valid);
    expect(response.status).toBe(200);
    expect((await eventCounts(app.db)).stored).toBe(1);
  });
});

describe('fault: hostile input: what a request without a secret can cost', () => {
  let app: TestApp;
  let sequence = 0;
  const requestId = () => `hostile-cost-${(sequence += 1)}`;
  const rowsOf = (id: string) => app.db.query<Record<string, unknown>>('SELECT * FROM external_api_logs WHERE request_id = $1', [id]);
  const rowOf = (id: string) => waitFor<Record<string, unknown>>(async () => (await rowsOf(id))[0], { what: `the audit row of ${id}` });
  /** Waits for a later request's row: the writer keeps order, so a row of `id` would be in by then. */
  const expectNoRowOf = async (id: string) => {
    const marker = requestId();
    await app.post('payment', '{}', { headers: { 'x-webhook-signature': 'sha256=00', 'x-request-id': marker } });
    await rowOf(marker);
    expect(await rowsOf(id)).toEqual([]);
  };

  beforeAll(async () => {
    app = await TestApp.start({ env: { HTTP_REQUEST_TIMEOUT_MS: '1500', HTTP_HEADERS_TIMEOUT_MS: '1000' } });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('keeps only metadata of an unsigned request: reason, address, body size and SHA-256; the body is neither stored nor parsed', async () => {
    const id = requestId();
    const longKey = `k${'x'.repeat(60_000)}`;
    const body = JSON.stringify({ event: 'payment.success', customer: { email: 'jane.roe@example.com' }, [longKey]: 1 });
    const response = await app.post('payment', body, { secret: 'not-the-secret-0123456789abcdef0123', headers: { 'x-request-id': id } });

    expect(response.status).toBe(401);
    const row = await rowOf(id);
    expect(row).toMatchObject({
      outcome: 'rejected_signature',
      provider: 'payment',
      event_type: null,
      error: 'Invalid webhook signature.',
    });
    expect(row.payload).toEqual({
      path: '/api/v2/webhook/payment',
      contentLength: Buffer.byteLength(body),
      bodyBytes: Buffer.byteLength(body),
      bodySha256: createHash('sha256').update(body).digest('hex'),
    });
    expect(JSON.stringify(row).length).toBeLessThan(1_000);
  });

  it('answers 404 to a made-up provider path before reading its body, and writes no audit row', async () => {
    const id = requestId();
    // A 10 MB body is announced and never sent: only an answer before reading it can come back.
    const head = requestHead('/api/v2/webhook/made-up', ['Content-Type: application/json', `X-Request-Id: ${id}`], 10 * MIB);
    expect(await rawStatus(app.url, head, Buffer.from('{"a":'))).toBe(404);
    await expectNoRowOf(id);
  });

  it('answers 401 to a request without a signature header before its body is sent, and audits its size unread', async () => {
    const id = requestId();
    const head = requestHead(PATH, ['Content-Type: application/json', `X-Request-Id: ${id}`], 900 * 1024);
    expect(await rawStatus(app.url, head)).toBe(401);
    expect(await rowOf(id)).toMatchObject({
      outcome: 'rejected_signature',
      error: 'Missing x-webhook-signature header.',
      payload: { contentLength: 900 * 1024, bodyBytes: null, bodySha256: null },
    });
  });

  it('answers 413 from a Content-Length over the limit, before the body is sent', async () => {
    const id = requestId();
    const head = requestHead(PATH, ['Content-Type: application/json', `X-Webhook-Signature: ${sign('')}`, `X-Request-Id: ${id}`], 2 * MIB);
    expect(await rawStatus(app.url, head)).toBe(413);
    expect(await rowOf(id)).toMatchObject({ outcome: 'too_large', payload: { contentLength: 2 * MIB, bodyBytes: null } });
  });

  it('refuses a compressed body with 415, even signed over the bytes sent: signatures are over the body as sent', async () => {
    const gzipped = gzipSync(valid);
    const response = await app.post('payment', gzipped, { headers: { 'content-encoding': 'gzip', 'x-webhook-signature': sign(gzipped) } });
    expect(response.status).toBe(415);
    expect((await eventCounts(app.db)).stored).toBe(0);
  });

  it('cuts a body trickled a byte at a time at HTTP_REQUEST_TIMEOUT_MS (408)', async () => {
    const head = requestHead(PATH, ['Content-Type: application/json', `X-Webhook-Signature: ${sign(valid)}`], Buffer.byteLength(valid));
    const { status, afterMs } = await trickledStatus(app.url, head, Buffer.from(valid), 100);
    expect(status).toBe(408);
    expect(afterMs).toBeLessThan(4_000);
  });

  it('answers 400 to a signed body of 50,000 keys, before class-transformer walks them', async () => {
    const wide = { ...paymentSuccessFor('ORD-WIDE'), ...Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i])) };
    const startedAt = Date.now();
    const response = await app.post('payment', wide);
    expect(response.status).toBe(400);
    expect(String(response.body.message)).toBe('Body holds more than 5000 keys and array items.');
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    expect((await eventCounts(app.db)).stored).toBe(0);
  });

  it('keeps a key sent in the query string out of the audit row', async () => {
    const id = requestId();
    const response = await fetch(`${app.url}${PATH}?key=${TEST_ADMIN_KEY}&token=t0ken-0123456789`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': id },
      body: valid,
    });
    expect(response.status).toBe(401);
    const stored = JSON.stringify(await rowOf(id));
    expect(stored).not.toContain(TEST_ADMIN_KEY);
    expect(stored).not.toContain('t0ken-0123456789');
  });
});

describe('fault: hostile input: connections held open', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ env: { HTTP_MAX_CONNECTIONS: '10' } });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('closes connections beyond HTTP_MAX_CONNECTIONS at once, and serves again once they are gone', async () => {
    const { hostname, port } = new URL(app.url);
    const open = (): Promise<Socket> =>
      new Promise((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => resolve(socket)).once('error', reject);
      });
    const held = await Promise.all(Array.from({ length: 10 }, open));
    const extra = await open();
    const closedAtOnce = await new Promise<boolean>((resolve) => {
      extra.once('close', () => resolve(true));
      setTimeout(() => resolve(false), 2_000);
    });
    expect(closedAtOnce).toBe(true);

    for (const socket of held) socket.destroy();
    await waitFor(async () => (await fetch(`${app.url}/health/live`).catch(() => undefined))?.status === 200, {
      what: 'the app serving again',
    });
  });
});

describe('fault: hostile input to the authenticated API', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.stop();
  });

  it.each([
    ['a NUL in a webhook-events filter', '/api/v2/admin/webhook-events?provider=pay%00ment'],
    ['a NUL in the orderId filter', '/api/v2/admin/webhook-events?orderId=ORD%00'],
    ['a NUL in an audit filter', '/api/v2/admin/audit?provider=a%00b'],
    ['a NUL in a stats filter', '/api/v2/admin/stats?provider=a%00b'],
    ['a NUL in orders/:id', '/api/v2/orders/ORD%00X'],
    ['a NUL in users/:id/points', '/api/v2/users/u%00/points'],
    ['page=1e308 (OFFSET Infinity)', '/api/v2/admin/webhook-events?page=1e308'],
    ['page=1e22 (OFFSET beyond bigint)', '/api/v2/admin/webhook-events?page=1e22'],
    ['pageSize=1e308', '/api/v2/admin/webhook-events?pageSize=1e308'],
    ['an x[]= key', '/api/v2/admin/webhook-events?x[]=1'],
    ['a filter given as an array', '/api/v2/admin/webhook-events?provider[]=payment'],
    ['a filter given as an object', '/api/v2/admin/webhook-events?provider[a]=payment'],
    ['a filter given twice', '/api/v2/admin/webhook-events?provider=payment&provider=shipping'],
    ['an audit filter given as an array', '/api/v2/admin/audit?outcome[]=accepted'],
    [
      'an audit cursor id beyond bigint',
      `/api/v2/admin/audit?cursor=${Buffer.from('2026-03-08T00:00:00.000Z|9999999999999999999').toString('base64url')}`,
    ],
    ['a ledger cursor given as an array', '/api/v2/users/u1/points?before[]=1'],
  ])('400, not a server error, for %s', async (_, path) => {
    const response = await app.api(path);
    expect({ status: response.status, statusCode: response.body.statusCode }).toEqual({ status: 400, statusCode: 400 });
  });

  it.each([
    ['.', 400],
    ['..', 400],
  ])('POST /api/v2/orders refuses the id %p, a path segment that would climb out of a provider URL', async (id) => {
    const response = await app.api('/api/v2/orders', {
      method: 'POST',
      body: { id, amount: 10, currency: 'INR', kind: 'digital', customer: { email: 'a@example.com' } },
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.message)).toContain('not . or ..');
  });

  it.each([
    ['payment', { ...paymentSuccessFor('..') }],
    ['shipping', { event: 'shipment.shipped', order_id: '..', awb: 'AWB1', timestamp: '2026-03-08T10:30:00Z' }],
    ['supplier', { event: 'order.fulfilled', timestamp: '2026-03-08T10:30:00Z', data: { reference: '..', status: 'fulfilled' } }],
    ['order-payment', { id: '.', orderPayment: { status: 'PAID' } }],
  ])('a %s webhook naming our order "." or ".." is refused with 400 and stored nowhere', async (provider, body) => {
    const before = await eventCounts(app.db);
    const response = await app.post(provider, body);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.message)).toMatch(/not \. or \.\./);
    expect(await eventCounts(app.db)).toEqual(before);
  });
});
