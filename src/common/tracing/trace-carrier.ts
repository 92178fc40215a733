import { type Attributes, context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * The W3C trace context (`traceparent`, `tracestate`) of a span, carried in a
 * Bull job's data: Bull does not propagate it, so without it each job would
 * start a trace of its own instead of continuing the request's.
 */
export type TraceCarrier = Record<string, string>;

/** The attributes that tie a span to a webhook event and the request that brought it. */
export const REQUEST_ID_ATTRIBUTE = 'webhook.request_id';

export interface WebhookSpanFields {
  provider?: string;
  eventType?: string;
  eventId?: string;
  requestId?: string | null;
}

const tracer = trace.getTracer('ecommerce-webhooks');

/** The current trace context to put in a job's data; undefined when there is none (tracing off, or no span), so the data stays as it was. */
export function traceCarrier(): TraceCarrier | undefined {
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return Object.keys(carrier).length > 0 ? carrier : undefined;
}

/**
 * Runs a job in a span of its own, the child of the span that queued it
 * (from the carrier in its data), so that everything the job does is in the
 * trace of the request that caused it. Without a carrier the job starts a trace.
 */
export function inJobSpan<T>(name: string, carrier: TraceCarrier | undefined, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  const parent = carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
  return tracer.startActiveSpan(name, { kind: SpanKind.CONSUMER, attributes }, parent, async (span) => {
    try {
      return await work();
    } catch (error) {
      // The error's class only: a message may quote what a peer answered.
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Tags the current span (a request's or a job's) with the event it handles. */
export function tagWebhookSpan(fields: WebhookSpanFields): void {
  trace.getActiveSpan()?.setAttributes(webhookAttributes(fields));
}

function webhookAttributes({ provider, eventType, eventId, requestId }: WebhookSpanFields): Attributes {
  const attributes: Attributes = {
    'webhook.provider': provider,
    'webhook.event_type': eventType,
    'webhook.event_id': eventId,
    [REQUEST_ID_ATTRIBUTE]: requestId ?? undefined,
  };
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined));
}
