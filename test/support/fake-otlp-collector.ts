import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type AnyValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type KeyValue = { key: string; value: AnyValue };

/** One exported span, its attributes flattened (OTLP/JSON: ids in hex). */
export interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

interface TracesRequest {
  resourceSpans: Array<{
    resource?: { attributes?: KeyValue[] };
    scopeSpans: Array<{ spans?: Array<Omit<ExportedSpan, 'attributes' | 'resource'> & { attributes?: KeyValue[] }> }>;
  }>;
}

/**
 * A real OTLP/HTTP receiver on 127.0.0.1 standing in for a collector: it
 * accepts `POST /v1/traces` in the JSON encoding and keeps both the raw
 * bodies (to search for what must never be exported) and the spans.
 */
export class FakeOtlpCollector {
  readonly bodies: string[] = [];
  readonly spans: ExportedSpan[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeOtlpCollector> {
    const collector: FakeOtlpCollector = new FakeOtlpCollector(
      createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          if (request.method !== 'POST' || request.url !== '/v1/traces') {
            response.writeHead(404).end();
            return;
          }
          const body = Buffer.concat(chunks).toString('utf8');
          collector.bodies.push(body);
          collector.spans.push(...spansOf(JSON.parse(body) as TracesRequest));
          response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        });
      }),
    );
    await new Promise<void>((resolve) => collector.server.listen(0, '127.0.0.1', resolve));
    return collector;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function spansOf(request: TracesRequest): ExportedSpan[] {
  return request.resourceSpans.flatMap(({ resource, scopeSpans }) =>
    scopeSpans.flatMap(({ spans = [] }) =>
      spans.map((span) => ({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId || undefined,
        name: span.name,
        kind: span.kind,
        attributes: flatten(span.attributes),
        resource: flatten(resource?.attributes),
      })),
    ),
  );
}

function flatten(attributes: KeyValue[] = []): Record<string, unknown> {
  return Object.fromEntries(attributes.map(({ key, value }) => [key, Object.values(value)[0]]));
}
