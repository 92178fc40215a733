import { randomBytes } from 'node:crypto';
import { PAYMENT_EXAMPLES } from '../src/payment/payment-events.js';
import { signPayload } from '../src/webhooks/verification/hmac-sha256.verifier.js';
import { AppProcess } from './support/app-process.js';
import { FakeHttpPeer } from './support/fake-http-peer.js';
import { type ExportedSpan, FakeOtlpCollector } from './support/fake-otlp-collector.js';
import { FakeSmtpServer } from './support/fake-smtp-server.js';
import { freePort } from './support/free-port.js';
import { TEST_ADMIN_KEY, TestApp, testSecret } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

const SERVER = 2;
const CLIENT = 3;
const SUBSCRIBER_SECRET = `whsec_${Buffer.from('tracing-test-subscriber-secret-0123').toString('base64')}`;
/** The subscriber's URL carries a token in its path, as a Slack webhook URL does. */
const SUBSCRIBER_PATH_TOKEN = 'path-token-0123456789abcdef0123456789';
const QUERY_TOKEN = 'query-token-0123456789abcdef0123456789';
const BEARER_TOKEN = 'bearer-token-0123456789abcdef0123456789';

/**
 * The service as production runs it (its own process, the SDK started before
 * Nest loads) exporting to an OTLP/HTTP receiver on 127.0.0.1: one webhook is
 * one trace, from its request through the inbox, the Bull job and its
 * transaction to the calls the job causes, and no secret is exported.
 */
describe('tracing (OpenTelemetry, OTLP/HTTP JSON to a local receiver)', () => {
  let app: TestApp;
  let collector: FakeOtlpCollector;
  let subscriber: FakeHttpPeer;
  let smtp: FakeSmtpServer;
  let appProcess: AppProcess | undefined;

  beforeAll(async () => {
    [collector, subscriber, smtp] = await Promise.all([FakeOtlpCollector.start(), FakeHttpPeer.start(), FakeSmtpServer.start()]);
    // The database and queue prefix, and an HTTP API to make the order with; its process is not traced, and runs no workers.
    app = await TestApp.start({ env: { APP_ROLE: 'api' } });
  });

  afterAll(async () => {
    await appProcess?.kill();
    await app?.stop();
    await Promise.all([collector?.stop(), subscriber?.stop(), smtp?.stop()]);
  });

  it('exports one trace per webhook, from the request through the job to the calls it causes, with no secret in it', async () => {
    const port = await freePort();
    const launched = await AppProcess.launch(app, {
      PORT: String(port),
      APP_ROLE: 'all',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      // Read by the SDK itself: export within 100 ms rather than 5 s.
      OTEL_BSP_SCHEDULE_DELAY: '100',
      INTEGRATION_SUBSCRIBERS: `erp=${subscriber.url}/hooks/${SUBSCRIBER_PATH_TOKEN}`,
      INTEGRATION_SECRET_ERP: SUBSCRIBER_SECRET,
      SMTP_URL: smtp.url,
    });
    appProcess = launched;
    // Loading the SDK and its instrumentations makes this start slower than others.
    await waitFor(
      async () => {
        if (!launched.running) throw new Error(`exited: ${launched.log}`);
        return /listening on/.test(launched.log);
      },
      { timeoutMs: 90_000, what: 'the traced service started' },
    );
    const order = await app.createOrder();
    const requestId = `trace-${randomBytes(4).toString('hex')}`;
    const body = Buffer.from(JSON.stringify({ ...PAYMENT_EXAMPLES['payment.success'], order_id: order.id }));
    const signature = signPayload(body, testSecret('payment'));

    const response = await fetch(`http://127.0.0.1:${port}/api/v2/webhook/payment?token=${QUERY_TOKEN}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-webhook-signature': `sha256=${signature}`,
        'x-request-id': requestId,
        // Credentials the route does not need, sent anyway: no header may be recorded.
        'x-api-key': TEST_ADMIN_KEY,
        authorization: `Bearer ${BEARER_TOKEN}`,
      },
      body,
    });
    expect(response.status).toBe(200);
    const { eventId } = (await response.json()) as { eventId: string };
    expect((await app.settled(eventId)).status).toBe('processed');
    await subscriber.waitForRequests(() => true);

    // The jobs' spans end (and are exported) after their work: wait for each.
    const outbound = await waitFor(
      async () => {
        const jobs = new Set(collector.spans.map((span) => span.name));
        const call = collector.spans.find((span) => span.kind === CLIENT && span.attributes['server.port'] === portOf(subscriber.url));
        return ['process-event', 'send-notification', 'deliver-integration-event'].every((name) => jobs.has(name)) ? call : undefined;
      },
      { what: 'the spans of the jobs and of the call to the subscriber' },
    );
    const spans = collector.spans;
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const ancestors = (span: ExportedSpan): ExportedSpan[] => {
      const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      return parent ? [parent, ...ancestors(parent)] : [];
    };

    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set([outbound.traceId]));
    expect(spans[0].resource).toMatchObject({ 'service.name': 'ecommerce-webhooks', 'app.role': 'all' });

    const request = spans.find((span) => span.kind === SERVER)!;
    expect(request.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.path': '/api/v2/webhook/payment',
      'webhook.request_id': requestId,
    });
    expect(request.parentSpanId).toBeUndefined();
    const insert = spans.find((span) => /^INSERT INTO webhook_events /.test(statementOf(span)))!;
    expect(ancestors(insert)).toContain(request);
    expect(spans.find((span) => span.attributes['webhook.event_id'] === eventId && ancestors(span).includes(request))).toBeDefined();

    const job = spans.find((span) => span.name === 'process-event')!;
    expect(job.attributes).toMatchObject({
      'webhook.event_id': eventId,
      'webhook.provider': 'payment',
      'webhook.event_type': 'payment.success',
      'webhook.request_id': requestId,
    });
    expect(ancestors(job)).toContain(request);
    const orderUpdate = spans.find((span) => /^UPDATE "?orders"? /.test(statementOf(span)))!;
    expect(ancestors(orderUpdate)).toContain(job);
    const processedMark = spans.find((span) => /^UPDATE "?webhook_events"? SET status = .processed./.test(statementOf(span)))!;
    expect(ancestors(processedMark)).toContain(job);

    const delivery = spans.find((span) => span.name === 'deliver-integration-event')!;
    expect(ancestors(delivery)).toContain(job);
    expect(ancestors(outbound)).toContain(delivery);
    expect(outbound.attributes['url.full']).toBe(`${subscriber.url}/[redacted]`);
    const email = spans.find((span) => span.name === 'send-notification')!;
    expect(ancestors(email)).toContain(job);

    const exported = collector.bodies.join('\n');
    expect(exported).toContain(`token=[redacted]`);
    for (const secret of [
      testSecret('payment'),
      signature,
      TEST_ADMIN_KEY,
      BEARER_TOKEN,
      QUERY_TOKEN,
      SUBSCRIBER_SECRET,
      SUBSCRIBER_PATH_TOKEN,
      order.id as string,
    ]) {
      expect({ secret, exported: exported.includes(secret) }).toEqual({ secret, exported: false });
    }
    // The first test of a run may compile the app first.
  }, 180_000);
});

function portOf(url: string): string | number {
  return Number(new URL(url).port);
}

/** The SQL of a pg span (without its values: enhancedDatabaseReporting is off). */
function statementOf(span: ExportedSpan): string {
  return String(span.attributes['db.query.text'] ?? '').trim();
}
