import type { NestExpressApplication } from '@nestjs/platform-express';
import { PAYMENT_EVENTS, PAYMENT_EXAMPLES } from '../src/payment/payment-events.js';
import { SHIPPING_EXAMPLES } from '../src/shipping/shipping-events.js';
import { SUPPLIER_EXAMPLES } from '../src/supplier/supplier-events.js';
import { TestApp } from './support/test-app.js';
import { ThrowawayRedis } from './support/throwaway-redis.js';
import { waitFor } from './support/wait-for.js';

interface OpenApiOperation {
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  security?: Array<Record<string, string[]>>;
  requestBody?: { content: Record<string, { examples?: Record<string, { value: { event?: string } }> }> };
}
type OpenApiDocument = {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { securitySchemes: Record<string, { type: string; in: string; name: string }>; schemas: Record<string, JsonSchema> };
};
interface JsonSchema {
  $ref?: string;
  allOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
}

/** The paths in `value` (an API answer) that `schema` does not document, following $ref, allOf and array items. */
function undocumented(value: unknown, schema: JsonSchema, docs: OpenApiDocument, path = ''): string[] {
  const resolved = schema.$ref
    ? docs.components.schemas[schema.$ref.split('/').pop()!]
    : schema.allOf?.length === 1
      ? schema.allOf[0]
      : schema;
  if (resolved !== schema) return undocumented(value, resolved, docs, path);
  if (Array.isArray(value)) return value.flatMap((item, i) => undocumented(item, schema.items ?? {}, docs, `${path}[${i}]`));
  if (value === null || typeof value !== 'object' || !schema.properties) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    schema.properties![key] ? undocumented(inner, schema.properties![key], docs, `${path}.${key}`) : [`${path}.${key}`],
  );
}

/** Every route the HTTP server answers, as `METHOD /path/{param}`, from Express's own router. */
function servedRoutes(app: TestApp): string[] {
  const express = (app.app as NestExpressApplication).getHttpAdapter().getInstance() as {
    router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
  };
  return (
    express.router.stack
      .flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((method) => [method, layer.route!.path]) : []))
      // Wildcard entries are middleware (body parsers, audit), not endpoints; /docs serves the document itself.
      .filter(([, path]) => !path.includes('*') && !path.startsWith('/docs'))
      .map(([method, path]) => `${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`)
  );
}

const get = (app: TestApp, path: string) => fetch(`${app.url}${path}`);

/** Providers that post natively sign in their own header; the others use this service's X-Webhook-Signature. */
const NATIVE_SIGNATURE_HEADERS: Record<string, string> = {
  razorpay: 'X-Razorpay-Signature',
  // Cashfree's own header name, as its verifier declares it.
  cashfree: 'x-webhook-signature',
  stripe: 'Stripe-Signature',
  shopify: 'X-Shopify-Hmac-Sha256',
  shiprocket: 'X-Api-Key',
};

describe('health and API docs', () => {
  let app: TestApp;
  let docs: OpenApiDocument;

  beforeAll(async () => {
    app = await TestApp.start();
    docs = (await (await get(app, '/docs-json')).json()) as OpenApiDocument;
  });

  afterAll(async () => {
    await app.stop();
  });

  it('/health/live answers 200 without touching dependencies', async () => {
    const response = await get(app, '/health/live');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('/health/ready answers 200 with Postgres and Redis up', async () => {
    const response = await get(app, '/health/ready');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('serves Swagger UI at /docs', async () => {
    const response = await get(app, '/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('swagger-ui');
  });

  it('documents every route the server answers', () => {
    const documented = Object.entries(docs.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const served = servedRoutes(app);
    expect(served).toEqual(
      expect.arrayContaining([
        'POST /api/v2/webhook/payment',
        'POST /api/v2/orders',
        'GET /api/v2/orders/{id}',
        'GET /health/live',
        'GET /health/ready',
      ]),
    );
    expect(served.filter((route) => !documented.includes(route))).toEqual([]);
  });

  it('defines the api-key security scheme (X-Api-Key header) and applies it to the internal API', () => {
    expect(docs.components.securitySchemes['api-key']).toEqual({ type: 'apiKey', in: 'header', name: 'X-Api-Key' });
    for (const operation of [docs.paths['/api/v2/orders'].post, docs.paths['/api/v2/orders/{id}'].get]) {
      expect(operation.security).toEqual([{ 'api-key': [] }]);
    }
  });

  it("documents the provider's signature header (X-Webhook-Signature for this service's scheme) and example payloads on every webhook route", () => {
    const webhookRoutes = Object.entries(docs.paths).filter(([path]) => path.startsWith('/api/v2/webhook/'));
    expect(webhookRoutes.map(([path]) => path)).toContain('/api/v2/webhook/payment');
    for (const [path, { post }] of webhookRoutes) {
      const signatureHeader = NATIVE_SIGNATURE_HEADERS[path.split('/').pop()!] ?? 'X-Webhook-Signature';
      expect({ path, header: post.parameters?.find((p) => p.name === signatureHeader) }).toEqual({
        path,
        header: expect.objectContaining({ in: 'header', required: true }),
      });
      const examples = Object.keys(post.requestBody?.content['application/json']?.examples ?? {});
      expect({ path, hasExamples: examples.length > 0 }).toEqual({ path, hasExamples: true });
    }
  });

  it('documents every field of the order view, its shipments, supplier order and refund requests included', async () => {
    const settle = async (provider: string, body: object) => app.settled((await app.post(provider, body)).body.eventId as string);
    const physical = (await app.createOrder()).id as string;
    await settle('shipping', { ...SHIPPING_EXAMPLES['shipment.delivered'], order_id: physical, awb: `AWB-${physical}` });
    const digital = (await app.createOrder({ kind: 'digital', amount: 20.0, currency: 'USD' })).id as string;
    await settle('payment', { ...PAYMENT_EXAMPLES['payment.success'], order_id: digital, amount: 20.0, currency: 'USD' });
    const supplierData = { order_id: `SUP-${digital}`, reference: digital };
    await settle('supplier', {
      ...SUPPLIER_EXAMPLES['order.failed'],
      timestamp: '2026-05-01T14:00:00Z',
      data: { ...(SUPPLIER_EXAMPLES['order.failed'] as { data: object }).data, ...supplierData },
    });
    const fulfilled = SUPPLIER_EXAMPLES['order.fulfilled'] as { data: { items: object[] } };
    await settle('supplier', {
      ...fulfilled,
      timestamp: '2026-05-01T14:05:00Z',
      data: { ...fulfilled.data, ...supplierData, items: [{ sku: 'steam-20-usd', code: 'AAAA-BBBB', pin: '1234' }] },
    });

    const schema = (
      docs.paths['/api/v2/orders/{id}'].get as { responses: Record<string, { content: Record<string, { schema: JsonSchema }> }> }
    ).responses['200'].content['application/json'].schema;
    const views = [await app.order(physical), await app.order(digital)];
    expect(views[0]).toMatchObject({ shipments: [{ history: [expect.objectContaining({ location: expect.any(Object) })] }] });
    expect(views[1]).toMatchObject({
      supplierOrder: { items: [{ sku: 'steam-20-usd', hasPin: true }] },
      refundRequests: [expect.objectContaining({ status: 'withdrawn' })],
    });
    for (const view of views) expect(undocumented(view, schema, docs)).toEqual([]);
  });

  it('gives one example payload per payment event', () => {
    const examples = docs.paths['/api/v2/webhook/payment'].post.requestBody!.content['application/json'].examples!;
    expect(Object.keys(examples).sort()).toEqual([...PAYMENT_EVENTS].sort());
    for (const event of PAYMENT_EVENTS) expect(examples[event].value.event).toBe(event);
  });
});

describe('readiness when Redis goes down', () => {
  let redis: ThrowawayRedis;
  let app: TestApp;

  beforeAll(async () => {
    redis = await ThrowawayRedis.start();
    app = await TestApp.start({ env: { REDIS_URL: redis.url } });
  });

  afterAll(async () => {
    await app.stop();
    await redis.stop();
  });

  it('answers 503 naming Redis while it is down, and 200 again once it is back', async () => {
    expect((await get(app, '/health/ready')).status).toBe(200);

    await redis.stop();
    try {
      const down = await get(app, '/health/ready');
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({
        status: 'error',
        error: { redis: { status: 'down' } },
        info: { database: { status: 'up' } },
      });
      expect((await get(app, '/health/live')).status).toBe(200);
    } finally {
      await redis.resume();
    }
    await waitFor(async () => (await get(app, '/health/ready')).status === 200, { what: 'ready again', timeoutMs: 15_000 });
  });
});
