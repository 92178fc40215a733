import { cpus, loadavg, totalmem } from 'node:os';
import type { LoadFigures } from './load.js';

export interface ServerFigures extends LoadFigures {
  /** CPU time (user + system) the server process spent per answered request. */
  cpuMsPerRequest: number;
  peakRssMiB: number;
}

export interface EndToEndFigures {
  events: number;
  eventsPerSecond: number;
  /** From the first request to the last event processed in Postgres. */
  totalMs: number;
  /** From the last HTTP answer to the last event processed: what the queue still had to work off. */
  drainMs: number;
  /** CPU time of the app process (HTTP and worker) per event, from the first request to the last event processed. */
  cpuMsPerEvent: number;
  http: LoadFigures;
}

export interface BenchResults {
  startedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  load: { connections: number; durationSeconds: number; warmupSeconds: number };
  app: ServerFigures;
  baseline: ServerFigures;
  ratios: { throughput: number; latencyP50: number; latencyP99: number; cpuPerRequest: number; peakRss: number };
  goals: { throughputAtLeast80Percent: boolean; p99Within150Percent: boolean };
  endToEnd: EndToEndFigures;
}

export function machine() {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: loadAverage(),
    loadAverageAtEnd: [] as number[],
  };
}

export const loadAverage = () => loadavg().map((value) => Math.round(value * 100) / 100);

export function compare(app: ServerFigures, baseline: ServerFigures): Pick<BenchResults, 'ratios' | 'goals'> {
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  const ratios = {
    throughput: ratio(app.requestsPerSecond, baseline.requestsPerSecond),
    latencyP50: ratio(app.latencyP50Ms, baseline.latencyP50Ms),
    latencyP99: ratio(app.latencyP99Ms, baseline.latencyP99Ms),
    cpuPerRequest: ratio(app.cpuMsPerRequest, baseline.cpuMsPerRequest),
    peakRss: ratio(app.peakRssMiB, baseline.peakRssMiB),
  };
  return { ratios, goals: { throughputAtLeast80Percent: ratios.throughput >= 0.8, p99Within150Percent: ratios.latencyP99 <= 1.5 } };
}

/** The short Markdown summary written beside the JSON and printed at the end. */
export function markdown(results: BenchResults): string {
  const { app, baseline, ratios, endToEnd: e2e, machine: m, load } = results;
  const row = (name: string, f: ServerFigures) =>
    `| ${name} | ${f.requestsPerSecond} | ${f.latencyP50Ms} | ${f.latencyP99Ms} | ${f.latencyMaxMs} | ${f.errors} | ${f.non2xx} | ${f.cpuMsPerRequest} | ${f.peakRssMiB} |`;
  return [
    `Bench of ${results.startedAt}: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, load average ${m.loadAverageAtStart.join(' ')} at start, ${m.loadAverageAtEnd.join(' ')} at end.`,
    `Load: ${load.connections} connections, ${load.durationSeconds} s after a ${load.warmupSeconds} s warm-up, a new signed event per request.`,
    '',
    '| Server | req/s | p50 ms | p99 ms | max ms | errors | non-2xx | CPU ms/req | peak RSS MiB |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    row('app (APP_ROLE=api)', app),
    row('baseline (node:http)', baseline),
    `| app / baseline | ${ratios.throughput} | ${ratios.latencyP50} | ${ratios.latencyP99} | | | | ${ratios.cpuPerRequest} | ${ratios.peakRss} |`,
    '',
    `Goals: throughput ≥ 0.8 × baseline: ${results.goals.throughputAtLeast80Percent ? 'reached' : 'not reached'}; ` +
      `p99 ≤ 1.5 × baseline: ${results.goals.p99Within150Percent ? 'reached' : 'not reached'}.`,
    '',
    `End to end (APP_ROLE=all, worker included): ${e2e.events} events in ${e2e.totalMs} ms = ${e2e.eventsPerSecond} events/s ` +
      `from first request to all processed; HTTP ${e2e.http.requestsPerSecond} req/s (p99 ${e2e.http.latencyP99Ms} ms, ` +
      `${e2e.http.errors} errors, ${e2e.http.non2xx} non-2xx); queue drained ${e2e.drainMs} ms after the last answer.`,
    '',
  ].join('\n');
}
