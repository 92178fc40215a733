import autocannon, { type AutocannonResult } from 'autocannon';
import type { SignedEvents } from './signed-events.js';

export interface LoadFigures {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP90Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  requests: number;
  /** Answers with a 2xx status: the events the server took. */
  accepted: number;
  errors: number;
  non2xx: number;
}

export interface Load {
  connections: number;
  durationSeconds?: number;
  amount?: number;
  /** Offered requests per second over all connections; unlimited when absent. */
  rate?: number;
}

const BURST_SAMPLE_MS = 50;

/** Fires signed webhooks at the payment endpoint, a new unique event in every request. */
export async function fireWebhooks(url: string, events: SignedEvents, load: Load): Promise<LoadFigures> {
  const result = await autocannon({
    url,
    connections: load.connections,
    // A burst of `amount` ends at the first sample after its last answer: at the default of a sample a
    // second, its rate (and the end-to-end clock) would count up to a second the server did not use.
    ...(load.amount ? { amount: load.amount, sampleInt: BURST_SAMPLE_MS } : { duration: load.durationSeconds }),
    // autocannon's correction for coordinated omission assumes evenly spaced requests, but it sends each
    // connection's share at the start of every second; the correction would invent latencies no request had.
    ...(load.rate ? { overallRate: load.rate, ignoreCoordinatedOmission: true } : {}),
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/api/v2/webhook/payment',
        setupRequest: (request) => {
          const { body, signature } = events.take();
          return { ...request, body, headers: { 'content-type': 'application/json', 'x-webhook-signature': signature } };
        },
      },
    ],
  });
  return figures(result);
}

function figures(result: AutocannonResult): LoadFigures {
  return {
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    latencyP50Ms: result.latency.p50,
    latencyP90Ms: result.latency.p90,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    requests: result.requests.total,
    accepted: result['2xx'],
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
