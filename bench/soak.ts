import type { BenchOptions } from './bench-options.js';
import type { BenchStores } from './bench-stores.js';
import { fireWebhooks } from './load.js';
import { loadAverage, machine } from './report.js';
import { ServerProcess } from './server-process.js';
import { SignedEvents } from './signed-events.js';
import { eventLoopDelay, intervalLine, type SoakInterval, type SoakResults, verdict } from './soak-report.js';

/**
 * `npm run bench -- --soak=600`: the app with its worker (APP_ROLE=all) under a
 * steady offered rate for that long, one report per interval (RSS, event-loop
 * delay, request p99, events processed and backlog), then whether the last
 * interval still looks like the first. Each interval is its own autocannon run,
 * so its latency percentiles are its own.
 */
export async function soak(
  stores: BenchStores,
  env: Record<string, string>,
  options: BenchOptions,
  run: { tag: string; startedAt: string; appScript: string; secret: string },
): Promise<SoakResults> {
  const { soakSeconds, soakIntervalSeconds: intervalSeconds, soakRate: rate, connections, warmupSeconds } = options;
  if (soakSeconds < 2 * intervalSeconds) throw new Error('--soak must last at least two --soak-interval');
  const host = machine();
  // One bench order per event, as end to end: every payment.success has an order of its own to mark paid.
  const count = rate * (warmupSeconds + soakSeconds);
  const events = new SignedEvents(run.tag, run.secret, count).prepare(count);
  // Started first: on a fresh bench database its start applies the migrations the orders go into.
  const server = await ServerProcess.start('app (all)', run.appScript, { ...env, APP_ROLE: 'all' });
  try {
    await stores.reset();
    await stores.createOrders(count);
    console.log(`soak: warming up for ${warmupSeconds} s at ${rate} req/s`);
    await fireWebhooks(server.url, events, { connections, durationSeconds: warmupSeconds, rate });
    await scrapeEventLoopDelay(server); // starts the first interval's histogram afresh
    let processedBefore = (await stores.countEvents()).processed;
    const intervals: SoakInterval[] = [];
    console.log(`soak: ${soakSeconds} s at ${rate} req/s, a report every ${intervalSeconds} s`);
    for (let at = intervalSeconds; at <= soakSeconds; at += intervalSeconds) {
      const http = await fireWebhooks(server.url, events, { connections, durationSeconds: intervalSeconds, rate });
      const eventLoop = await scrapeEventLoopDelay(server);
      const counts = await stores.countEvents();
      const interval = {
        atSeconds: at,
        rssMiB: server.rssMiB(),
        eventLoop,
        http,
        processed: counts.processed - processedBefore,
        backlog: counts.stored - counts.processed,
      };
      processedBefore = counts.processed;
      intervals.push(interval);
      console.log(intervalLine(interval));
    }
    host.loadAverageAtEnd = loadAverage();
    return {
      startedAt: run.startedAt,
      machine: host,
      load: { rate, connections, seconds: soakSeconds, intervalSeconds, warmupSeconds },
      intervals,
      peakRssMiB: server.peakRssMiB(),
      verdict: verdict(intervals, rate),
    };
  } finally {
    await server.stop();
  }
}

async function scrapeEventLoopDelay(server: ServerProcess) {
  const response = await fetch(`${server.url}/metrics`);
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  return eventLoopDelay(await response.text());
}
