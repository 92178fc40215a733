import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StatusAnswer {
  status: number;
  body?: unknown;
  /** Wait this long before answering (to overlap runs, or to outlast the client's timeout). */
  delayMs?: number;
}

/**
 * A real HTTP server on 127.0.0.1 standing in for a provider's status API
 * (the payment gateway's GET /payments, the supplier's GET /orders/:ref):
 * answers what the test plans per path and counts the requests per path.
 */
export class FakeStatusApi {
  readonly requests: string[] = [];
  readonly authorizations: Array<string | undefined> = [];
  private answer: (path: string) => StatusAnswer = () => ({ status: 404, body: { error: 'not found' } });

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeStatusApi> {
    const api: FakeStatusApi = new FakeStatusApi(
      createServer((request, response) => {
        const path = request.url ?? '';
        api.requests.push(path);
        api.authorizations.push(request.headers.authorization);
        const { status, body, delayMs = 0 } = api.answer(path);
        setTimeout(() => {
          if (!response.destroyed) response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
        }, delayMs);
      }),
    );
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  answerWith(answer: (path: string) => StatusAnswer): void {
    this.answer = answer;
  }

  requestsFor(path: string): number {
    return this.requests.filter((p) => p === path).length;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
