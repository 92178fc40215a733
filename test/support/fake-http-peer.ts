import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from './wait-for.js';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON when the body is JSON, else the text. */
  body: unknown;
  /** The body's bytes as text, as a signature covers them. */
  raw: string;
}

/** Decides the HTTP status of each request; 200 unless told otherwise. */
export type Responder = (request: ReceivedRequest) => number;

/**
 * A real HTTP server on 127.0.0.1 standing in for a peer (Slack, an SMS
 * gateway, a provider's status API): it records what it receives and answers
 * with the statuses a test plans.
 */
export class FakeHttpPeer {
  readonly requests: ReceivedRequest[] = [];
  private planned: number[] = [];
  private responder: Responder = () => 200;
  private answerDelayMs = 0;
  private bodyOf: (request: ReceivedRequest, status: number) => unknown = (_request, status) => ({ ok: status < 300 });

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeHttpPeer> {
    const peer = new FakeHttpPeer(
      createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const received = {
            method: request.method ?? '',
            path: request.url ?? '',
            headers: request.headers,
            body: parseBody(Buffer.concat(chunks)),
            raw: Buffer.concat(chunks).toString('utf8'),
          };
          peer.requests.push(received);
          const status = peer.planned.shift() ?? peer.responder(received);
          const answer = () =>
            response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(peer.bodyOf(received, status)));
          if (peer.answerDelayMs > 0) setTimeout(answer, peer.answerDelayMs);
          else answer();
        });
      }),
    );
    await new Promise<void>((resolve) => peer.server.listen(0, '127.0.0.1', resolve));
    return peer;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next requests get these statuses, in order; then the responder decides again. */
  answerNext(...statuses: number[]): void {
    this.planned.push(...statuses);
  }

  /** A slow peer: every answer waits this long (the request is recorded at once). */
  answerAfter(ms: number): void {
    this.answerDelayMs = ms;
  }

  /** What the answers carry as JSON (a peer whose answer the service reads, e.g. the supplier's order id); `{ok}` unless told. */
  answerBody(bodyOf: (request: ReceivedRequest, status: number) => unknown): void {
    this.bodyOf = bodyOf;
  }

  respondWith(responder: Responder): void {
    this.responder = responder;
  }

  /** The requests matching `predicate`, once there are at least `count` of them. */
  async waitForRequests(predicate: (request: ReceivedRequest) => boolean, count = 1, timeoutMs = 10_000): Promise<ReceivedRequest[]> {
    return waitFor(
      async () => {
        const matching = this.requests.filter(predicate);
        return matching.length >= count ? matching : undefined;
      },
      { what: `${count} matching request(s) at ${this.url}`, timeoutMs },
    );
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function parseBody(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
