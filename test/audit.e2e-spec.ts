import { createHash } from 'node:crypto';
import { AuditRetentionService } from '../src/audit/audit-retention.service.js';
import { OutboundAuditService } from '../src/audit/outbound-audit.service.js';
import { PAYMENT_EXAMPLES } from '../src/payment/payment-events.js';
import { TestApp, testSecret } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EMAIL = 'jane.roe@example.com';
const PHONE = '+919812345678';
const CODE = 'GIFT-SECRET-7788';

type Row = Record<string, unknown>;

/** A payment.success for the order, carrying personal data and a code that must never be stored in clear. */
const paymentWithPersonalData = (orderId: string, extra: Record<string, unknown> = {}) => ({
  ...PAYMENT_EXAMPLES['payment.success'],
  order_id: orderId,
  customer: { email: EMAIL, phone: PHONE },
  voucher_code: CODE,
  ...extra,
});

describe('audit trail and request ids (HTTP, Postgres)', () => {
  let app: TestApp;
  let requests = 0;
  const nextRequestId = () => `audit-test-${(requests += 1)}`;

  beforeAll(async () => {
    app = await TestApp.start({
      env: {
        // The test client plays our one proxy: the client address is the X-Forwarded-For entry it appended; 127.0.0.1 itself is allowed.
        TRUSTED_PROXIES: 'loopback',
        WEBHOOK_ALLOWED_IPS_PAYMENT: '127.0.0.1/32,::1/128',
        WEBHOOK_BODY_LIMIT_BYTES: '4096',
      },
    });
  });

  afterAll(async () => {
    await app.stop();
  });

  const rowsOf = (requestId: string) => app.db.query<Row>('SELECT * FROM external_api_logs WHERE request_id = $1', [requestId]);
  const onlyRowOf = async (requestId: string): Promise<Row> => {
    await waitFor(async () => (await rowsOf(requestId)).length > 0, { what: `audit row of ${requestId}` });
    const rows = await rowsOf(requestId);
    expect(rows).toHaveLength(1);
    return rows[0];
  };
  const expectNothingSensitive = (row: Row, signature?: string) => {
    const stored = JSON.stringify(row);
    for (const secret of [EMAIL, PHONE, CODE, 'sha256_signature_here', ...(signature ? [signature] : [])]) {
      expect(stored).not.toContain(secret);
    }
  };
  const post = (body: object | string | Buffer, requestId: string, options: { secret?: string; headers?: Record<string, string> } = {}) =>
    app.post('payment', body, { ...options, headers: { 'x-request-id': requestId, ...options.headers } });

  it('records an accepted webhook with its event, status, latency, client address and a redacted payload', async () => {
    const order = await app.createOrder();
    const requestId = nextRequestId();
    const response = await post(paymentWithPersonalData(order.id as string), requestId);

    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe(requestId);
    const row = await onlyRowOf(requestId);
    expect(row).toMatchObject({
      direction: 'inbound',
      provider: 'payment',
      event_type: 'payment.success',
      outcome: 'accepted',
      http_status: 200,
      client_ip: '127.0.0.1',
      error: null,
    });
    expect(row.latency_ms).toEqual(expect.any(Number));
    expect(row.payload).toMatchObject({
      order_id: order.id,
      amount: 2499,
      signature: '[redacted]',
      customer: '[redacted]',
      voucher_code: '[redacted]',
    });
    expectNothingSensitive(row);
    // The inbox keeps the request id too, for the jobs the event causes.
    expect((await app.event(response.body.eventId as string))?.request_id).toBe(requestId);
  });

  it('records a redelivered event as a duplicate', async () => {
    const order = await app.createOrder();
    const body = paymentWithPersonalData(order.id as string);
    await post(body, nextRequestId());
    const requestId = nextRequestId();
    const response = await post(body, requestId);

    expect(response.body.status).toBe('duplicate');
    expect(await onlyRowOf(requestId)).toMatchObject({ outcome: 'duplicate', http_status: 200, event_type: 'payment.success' });
  });

  it('records a request with a bad signature as metadata only: reason, body size and SHA-256, never the body', async () => {
    const requestId = nextRequestId();
    const signature = 'sha256=' + 'ab'.repeat(32);
    const body = JSON.stringify(paymentWithPersonalData('ORD-SIG'));
    const response = await post(body, requestId, { headers: { 'x-webhook-signature': signature } });

    expect(response.status).toBe(401);
    expect(response.headers.get('x-request-id')).toBe(requestId);
    const row = await onlyRowOf(requestId);
    // Issue 12: anyone can send an unsigned body, so its row no longer keeps it (redacted, it once did).
    expect(row).toMatchObject({
      outcome: 'rejected_signature',
      http_status: 401,
      provider: 'payment',
      event_type: null,
      client_ip: '127.0.0.1',
      error: 'Invalid webhook signature.',
      payload: {
        path: '/api/v2/webhook/payment',
        contentLength: Buffer.byteLength(body),
        bodyBytes: Buffer.byteLength(body),
        bodySha256: createHash('sha256').update(body).digest('hex'),
      },
    });
    expect(JSON.stringify(row)).not.toContain('ORD-SIG');
    expectNothingSensitive(row, signature);
  });

  it('records a request from an address outside the allowlist, with that address', async () => {
    const requestId = nextRequestId();
    const response = await post(paymentWithPersonalData('ORD-IP'), requestId, { headers: { 'x-forwarded-for': '203.0.113.9' } });

    expect(response.status).toBe(403);
    const row = await onlyRowOf(requestId);
    expect(row).toMatchObject({ outcome: 'rejected_ip', http_status: 403, client_ip: '203.0.113.9', provider: 'payment' });
    expectNothingSensitive(row);
  });

  it.each([
    ["a load balancer's address:port as the address", '203.0.113.9:443', '203.0.113.9'],
    ['an IPv4-mapped address as plain IPv4', '::ffff:203.0.113.9', '203.0.113.9'],
    ['a long-form IPv6 address in its short form', '2001:0db8:0000:0000:0000:0000:0000:0009', '2001:db8::9'],
    ['a hex-spelt IPv4 address as no address at all', '0xcb.0x0.0x71.0x9', null],
    ['an integer-spelt IPv4 address as no address at all', '3405803785', null],
  ])('stores %s (X-Forwarded-For: %s)', async (_, forwardedFor, stored) => {
    const requestId = nextRequestId();
    const response = await post(paymentWithPersonalData('ORD-IP-FORM'), requestId, { headers: { 'x-forwarded-for': forwardedFor } });

    expect(response.status).toBe(403);
    const row = await onlyRowOf(requestId);
    expect(row).toMatchObject({ outcome: 'rejected_ip', client_ip: stored });
    expect(JSON.stringify(row)).not.toContain(forwardedFor);
  });

  it('records malformed JSON as a short note, not the raw body', async () => {
    const requestId = nextRequestId();
    const raw = `{"event":"payment.success","customer":{"email":"${EMAIL}"`;
    const response = await post(raw, requestId, { secret: testSecret('payment') });

    expect(response.status).toBe(400);
    const row = await onlyRowOf(requestId);
    expect(row).toMatchObject({
      outcome: 'invalid',
      http_status: 400,
      event_type: null,
      payload: { _note: `not valid JSON (${raw.length} bytes)` },
    });
    expectNothingSensitive(row);
  });

  it('records a body over the size limit without reading it', async () => {
    const requestId = nextRequestId();
    const response = await post(paymentWithPersonalData('ORD-BIG', { filler: 'x'.repeat(8000) }), requestId);

    expect(response.status).toBe(413);
    expect(response.headers.get('x-request-id')).toBe(requestId);
    const row = await onlyRowOf(requestId);
    expect(row).toMatchObject({
      outcome: 'too_large',
      http_status: 413,
      provider: 'payment',
      error: 'Request body exceeds the size limit.',
      payload: { path: '/api/v2/webhook/payment', contentLength: expect.any(Number), bodyBytes: null, bodySha256: null },
    });
    expectNothingSensitive(row);
  });

  it('refuses a provider route that does not exist with 404, and writes no audit row for it', async () => {
    // Issue 12: made-up paths once cost a row each; now they cost nothing but the answer (and a counter).
    const response = await app.post('no-such-provider', { event: 'x' }, { headers: { 'x-request-id': 'unknown-route-1' } });
    expect(response.status).toBe(404);
    const marker = nextRequestId();
    await post('{}', marker, { headers: { 'x-webhook-signature': 'sha256=00' } });
    await onlyRowOf(marker); // written after the 404's would have been
    expect(await rowsOf('unknown-route-1')).toEqual([]);
  });

  it('gives a request without X-Request-Id (or with an unsafe one) a generated id, echoed and audited', async () => {
    const order = await app.createOrder();
    const response = await app.post('payment', paymentWithPersonalData(order.id as string, { payment_id: 'pay_gen' }));
    const generated = response.headers.get('x-request-id') as string;
    expect(generated).toMatch(UUID);
    expect(await onlyRowOf(generated)).toMatchObject({ outcome: 'accepted' });

    const unsafe = await post(paymentWithPersonalData(order.id as string, { payment_id: 'pay_unsafe' }), 'not a safe id; <script>');
    expect(unsafe.headers.get('x-request-id')).toMatch(UUID);
  });

  it('echoes the request id on the internal API too', async () => {
    const response = await fetch(`${app.url}/api/v2/admin/audit`, { headers: { 'x-request-id': 'admin-call-1' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('x-request-id')).toBe('admin-call-1');
  });

  it('stores an outbound call, redacted', async () => {
    await app.app.get(OutboundAuditService).record({
      target: 'smtp',
      operation: 'notification:digital.codes_delivered',
      outcome: 'failure',
      httpStatus: 550,
      latencyMs: 12.6,
      requestId: 'outbound-1',
      payload: { to: EMAIL, subject: 'Your codes', text: `Your code is ${CODE}` },
      error: `mailbox ${EMAIL} unavailable`,
    });

    const row = await onlyRowOf('outbound-1');
    expect(row).toMatchObject({
      direction: 'outbound',
      provider: 'smtp',
      event_type: 'notification:digital.codes_delivered',
      outcome: 'failure',
      http_status: 550,
      latency_ms: 13,
      client_ip: null,
      payload: { to: '[redacted]', subject: 'Your codes', text: '[redacted]' },
      error: 'mailbox [redacted] unavailable',
    });
    expectNothingSensitive(row);
  });

  describe('GET /api/v2/admin/audit', () => {
    beforeAll(async () => {
      // Rows of our own, at known times, far from the ones the tests above wrote.
      await app.db.query(`
        INSERT INTO external_api_logs (direction, provider, event_type, outcome, http_status, latency_ms, created_at)
        SELECT 'inbound', 'shipping', 'shipment.shipped', CASE WHEN i % 2 = 0 THEN 'accepted' ELSE 'rejected_signature' END,
               CASE WHEN i % 2 = 0 THEN 200 ELSE 401 END, i, timestamptz '2026-01-01T00:00:00Z' + make_interval(mins => i)
        FROM generate_series(1, 5) AS i`);
    });

    const list = async (query: string) => {
      const response = await app.api(`/api/v2/admin/audit?${query}`);
      expect(response.status).toBe(200);
      return response.body as { items: Row[]; nextCursor: string | null };
    };

    it('needs the API key', async () => {
      expect((await app.api('/api/v2/admin/audit', { apiKey: null })).status).toBe(401);
    });

    it('lists newest first, filtered by provider, outcome, direction and time range', async () => {
      const all = await list('provider=shipping');
      expect(all.items.map((row) => row.latencyMs)).toEqual([5, 4, 3, 2, 1]);
      expect(all.items[0]).toMatchObject({
        direction: 'inbound',
        provider: 'shipping',
        eventType: 'shipment.shipped',
        outcome: 'rejected_signature',
        httpStatus: 401,
      });

      expect((await list('provider=shipping&outcome=accepted')).items.map((row) => row.latencyMs)).toEqual([4, 2]);
      const window = await list('provider=shipping&from=2026-01-01T00:02:00Z&to=2026-01-01T00:04:00Z');
      expect(window.items.map((row) => row.latencyMs)).toEqual([3, 2]);
      expect((await list('direction=outbound')).items.every((row) => row.direction === 'outbound')).toBe(true);
      expect((await list('outcome=too_large')).items).toEqual([expect.objectContaining({ provider: 'payment', httpStatus: 413 })]);
    });

    it('pages with limit and nextCursor, without gaps or repeats', async () => {
      const seen: unknown[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Row[]; nextCursor: string | null } = await list(
          `provider=shipping&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((row) => row.latencyMs));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual([5, 4, 3, 2, 1]);
    });

    it('is documented in Swagger with its filters', async () => {
      const document = (await app.api('/docs-json')).body as { paths: Record<string, { get: { parameters: Array<{ name: string }> } }> };
      const names = document.paths['/api/v2/admin/audit'].get.parameters.map((parameter) => parameter.name);
      expect(names).toEqual(expect.arrayContaining(['provider', 'outcome', 'direction', 'from', 'to', 'limit', 'cursor']));
    });

    it('refuses bad filters and paging', async () => {
      for (const query of [
        'limit=201',
        'limit=0',
        'outcome=bogus',
        'direction=sideways',
        'from=yesterday',
        'cursor=not*a*cursor',
        'cursor=Zm9v',
      ]) {
        expect([query, (await app.api(`/api/v2/admin/audit?${query}`)).status]).toEqual([query, 400]);
      }
    });
  });

  it('purges rows older than the retention period and keeps newer ones', async () => {
    await app.db.query(`
      INSERT INTO external_api_logs (direction, provider, outcome, latency_ms, request_id, created_at) VALUES
        ('inbound', 'payment', 'accepted', 1, 'purge-old', now() - interval '91 days'),
        ('outbound', 'sms', 'success', 1, 'purge-old', now() - interval '200 days'),
        ('inbound', 'payment', 'accepted', 1, 'purge-new', now() - interval '89 days')`);

    expect(await app.app.get(AuditRetentionService).purge()).toBeGreaterThanOrEqual(2);

    expect(await rowsOf('purge-old')).toHaveLength(0);
    expect(await rowsOf('purge-new')).toHaveLength(1);
  });
});
