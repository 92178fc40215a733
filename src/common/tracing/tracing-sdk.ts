import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation, type UndiciRequest } from '@opentelemetry/instrumentation-undici';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { AppConfig } from '../../config/app-config.js';
import { REDACTED } from '../redaction/payload-redactor.js';
import { redactQueryString } from '../redaction/query-string.js';
import { REQUEST_ID_ATTRIBUTE } from './trace-carrier.js';

/** Probes polled every few seconds: a trace each would bury the webhooks'. */
const PROBE_PATH = /^\/(health|metrics)(\/|\?|$)/;

/**
 * The SDK, traces only (no metrics or logs: /metrics and pino serve those),
 * with the instrumentations of what a webhook goes through: its HTTP request
 * (express), the inbox and handler queries (pg), the Bull jobs (ioredis) and
 * the calls to peers (fetch, i.e. undici). No attribute may carry a secret:
 * no header is recorded, the query's credentials and outbound paths (a Slack
 * webhook URL is its token) are masked, pg records statements without their
 * values, Redis commands without their arguments. Returns what flushes it.
 */
export function startTracingSdk(config: AppConfig): () => Promise<void> {
  const sdk = new NodeSDK({
    serviceName: config.tracing.serviceName,
    resource: defaultResource().merge(resourceFromAttributes({ 'app.role': config.role })),
    traceExporter: new OTLPTraceExporter({ url: `${config.tracing.endpoint!.replace(/\/+$/, '')}/v1/traces` }),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        // Every outbound call of the service is a fetch, traced by undici's instrumentation.
        disableOutgoingRequestInstrumentation: true,
        ignoreIncomingRequestHook: (request) => PROBE_PATH.test(request.url ?? ''),
        startIncomingSpanHook: redactedQuery,
        applyCustomAttributesOnSpan: (span, _request, response) => tagRequestId(span, response as ServerResponse),
      }),
      new ExpressInstrumentation(),
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
      new IORedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: (command) => command }),
      new UndiciInstrumentation({ requireParentforSpans: true, startSpanHook: originOnly }),
    ],
  });
  sdk.start();
  return () => sdk.shutdown();
}

/** The query string as the logs show it: every credential-like parameter masked (the instrumentation's own list is narrower). */
function redactedQuery(request: IncomingMessage): Record<string, string> {
  const url = request.url ?? '';
  const start = url.indexOf('?');
  return start < 0 ? {} : { 'url.query': redactQueryString(url).slice(start + 1) };
}

/** The request id the logging gave the request (echoed in X-Request-Id), as the jobs it causes carry it. */
function tagRequestId(span: Span, response: ServerResponse): void {
  const id = response.getHeader('x-request-id');
  if (typeof id === 'string') span.setAttribute(REQUEST_ID_ATTRIBUTE, id);
}

/** A peer's scheme, host and port only: the path or query of a Slack webhook, an SMS gateway or a subscriber may be its credential. */
function originOnly(request: UndiciRequest): Record<string, string> {
  return { 'url.full': `${request.origin}/${REDACTED}`, 'url.path': REDACTED, 'url.query': '' };
}
