import { signPayload } from '../../src/webhooks/verification/hmac-sha256.verifier.js';
import { TestApp, testSecret } from '../support/test-app.js';
import { eventCounts, paymentSuccessFor } from './fault-fixtures.js';
import { rawStatus, requestHead } from './raw-http.js';

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
