import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

interface FloodSettings {
  url: string;
  durationSeconds: number;
  connections: number;
  body: string;
}

/**
 * Unsigned requests with a large body and a long key to the payment endpoint
 * and, on a quarter of the connections, to a made-up provider path: apart,
 * because the 404 closes its connection, after which autocannon would only
 * ever resend that request on it. Posts its figures back to bench/abuse.ts.
 */
async function flood({ url, durationSeconds, connections, body }: FloodSettings): Promise<void> {
  const headers = { 'content-type': 'application/json' };
  const fire = (path: string, count: number) =>
    autocannon({ url, connections: count, duration: durationSeconds, timeout: 30, requests: [{ method: 'POST', path, headers, body }] });
  const results = await Promise.all([
    fire('/api/v2/webhook/payment', connections - connections / 4),
    fire('/api/v2/webhook/made-up-provider', connections / 4),
  ]);
  parentPort?.postMessage({
    requests: results.reduce((sum, result) => sum + result['2xx'] + result.non2xx, 0),
    rejected: results.reduce((sum, result) => sum + result.non2xx, 0),
    // The made-up path's connections close after each 404, while autocannon is still sending: counted as errors.
    errors: results.reduce((sum, result) => sum + result.errors + result.timeouts, 0),
    bodyBytes: body.length,
  });
}

void flood(workerData as FloodSettings);
