import { cpus, loadavg, totalmem } from 'node:os';
import type { LoadFigures } from './load.js';

export interface ServerFigures extends LoadFigures {
  /** CPU time (user + system) the server process spent per accepted (2xx) request. */
  cpuMsPerRequest: number;
  peakRssMiB: number;
}

/** A run at a fixed offered rate, which every server should sustain: CPU per request without saturation. */
export interface FixedRateFigures extends LoadFigures {
  offeredRate: number;
  cpuMsPerRequest: number;
  /** The server answered at least SUSTAINED_SHARE of the offered rate; if not, its figure is a saturated one. */
  sustained: boolean;
}

export interface EndToEndFigures {
  events: number;
  eventsPerSecond: number;
  /** From the first request to the last event processed in Postgres. */
  totalMs: number;
  /** From the last HTTP answer to the last event processed: what the queue still had to work off. */
  drainMs: number;
  /** Events processed while the burst was being answered, and the worker's rate alone afterwards (the drain). */
  processedDuringBurst: number;
  drainEventsPerSecond: number;
  /** CPU time of the app process (HTTP and worker) per event, from the first request to the last event processed. */
  cpuMsPerEvent: number;
  http: LoadFigures;
  /** eventsPerSecond / http.requestsPerSecond: how much of the rate it takes requests at the worker keeps up with. */
  processedToAccepted: number;
}

export type Machine = ReturnType<typeof machine>;

export interface BenchResults {
  startedAt: string;
  machine: Machine;
  load: { connections: number; durationSeconds: number; warmupSeconds: number; rounds: number; fixedRate: number };
  app: ServerFigures;
  /** Per-request node:http server (BASELINE_MODE=per-request). */
  baseline: ServerFigures;
  /** node:http server with group commit (BASELINE_MODE=batched): the limit of this machine. */
  batchedBaseline: ServerFigures;
  fixedRate: { offeredRate: number; app: FixedRateFigures; baseline: FixedRateFigures; batchedBaseline: FixedRateFigures };
  ratios: Ratios;
  goals: Goals;
  endToEnd: EndToEndFigures;
}

export interface Ratios {
  throughput: number;
  latencyP50: number;
  latencyP99: number;
  cpuPerRequest: number;
  peakRss: number;
  cpuPerRequestAtFixedRate: number;
  throughputVsBatched: number;
  latencyP99VsBatched: number;
  cpuPerRequestVsBatched: number;
  cpuPerRequestAtFixedRateVsBatched: number;
}

export type Goals = Record<keyof typeof GOALS, boolean>;

/** Each goal: the figure it reads, the bound, and how it reads in the summary. */
const GOALS = {
  throughput: { read: (r: GoalInputs) => r.ratios.throughput, atLeast: true, bound: 1.0, text: 'throughput ≥ 1.0 × per-request baseline' },
  latencyP99: { read: (r: GoalInputs) => r.ratios.latencyP99, atLeast: false, bound: 1.5, text: 'p99 ≤ 1.5 × per-request baseline' },
  cpuPerRequest: {
    read: (r: GoalInputs) => r.ratios.cpuPerRequestAtFixedRate,
    atLeast: false,
    bound: 1.5,
    text: 'CPU/request at the fixed rate ≤ 1.5 × per-request baseline',
  },
  throughputVsBatched: {
    read: (r: GoalInputs) => r.ratios.throughputVsBatched,
    atLeast: true,
    bound: 0.7,
    text: 'throughput ≥ 0.7 × batched baseline',
  },
  endToEnd: {
    read: (r: GoalInputs) => r.endToEnd.processedToAccepted,
    atLeast: true,
    bound: 0.8,
    text: 'end to end: processed ≥ 0.8 × accepted rate',
  },
} as const;

type GoalInputs = Pick<BenchResults, 'ratios' | 'endToEnd'>;

/** Share of the offered rate a server must answer for the fixed-rate run to count as sustained. */
export const SUSTAINED_SHARE = 0.95;

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

export const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

/** CPU ms per accepted request, to the microsecond. */
export const cpuPerRequest = (cpuMs: number, accepted: number) => Math.round((cpuMs / accepted) * 1000) / 1000;

export function sustained(offeredRate: number, figures: LoadFigures): boolean {
  return figures.requestsPerSecond >= offeredRate * SUSTAINED_SHARE;
}

export function compare(
  measured: Pick<BenchResults, 'app' | 'baseline' | 'batchedBaseline' | 'fixedRate'>,
  endToEnd: EndToEndFigures,
): Pick<BenchResults, 'ratios' | 'goals'> {
  const { app, baseline, batchedBaseline: batched, fixedRate } = measured;
  const ratios: Ratios = {
    throughput: ratio(app.requestsPerSecond, baseline.requestsPerSecond),
    latencyP50: ratio(app.latencyP50Ms, baseline.latencyP50Ms),
    latencyP99: ratio(app.latencyP99Ms, baseline.latencyP99Ms),
    cpuPerRequest: ratio(app.cpuMsPerRequest, baseline.cpuMsPerRequest),
    peakRss: ratio(app.peakRssMiB, baseline.peakRssMiB),
    cpuPerRequestAtFixedRate: ratio(fixedRate.app.cpuMsPerRequest, fixedRate.baseline.cpuMsPerRequest),
    throughputVsBatched: ratio(app.requestsPerSecond, batched.requestsPerSecond),
    latencyP99VsBatched: ratio(app.latencyP99Ms, batched.latencyP99Ms),
    cpuPerRequestVsBatched: ratio(app.cpuMsPerRequest, batched.cpuMsPerRequest),
    cpuPerRequestAtFixedRateVsBatched: ratio(fixedRate.app.cpuMsPerRequest, fixedRate.batchedBaseline.cpuMsPerRequest),
  };
  const goals = Object.fromEntries(
    Object.entries(GOALS).map(([name, goal]) => {
      const value = goal.read({ ratios, endToEnd });
      return [name, goal.atLeast ? value >= goal.bound : value <= goal.bound];
    }),
  ) as Goals;
  return { ratios, goals };
}

/** The Markdown summary written beside the JSON and printed at the end; `chartFile` is the SVG's name beside it. */
export function markdown(results: BenchResults, chartFile: string): string {
  const { app, baseline, batchedBaseline, fixedRate, ratios, endToEnd: e2e, machine: m, load } = results;
  const row = (name: string, f: ServerFigures) =>
    `| ${name} | ${f.requestsPerSecond} | ${f.latencyP50Ms} | ${f.latencyP90Ms} | ${f.latencyP99Ms} | ${f.latencyMaxMs} | ${f.errors} | ${f.non2xx} | ${f.cpuMsPerRequest} | ${f.peakRssMiB} |`;
  const fixedRow = (name: string, f: FixedRateFigures) =>
    `| ${name} | ${f.requestsPerSecond} | ${f.latencyP50Ms} | ${f.latencyP99Ms} | ${f.errors} | ${f.non2xx} | ${f.cpuMsPerRequest} | ${f.sustained ? 'yes' : '**no**'} |`;
  return [
    `Bench of ${results.startedAt}: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, load average ${m.loadAverageAtStart.join(' ')} at start, ${m.loadAverageAtEnd.join(' ')} at end.`,
    `Load: ${load.connections} connections, ${load.durationSeconds} s after a ${load.warmupSeconds} s warm-up, in ${load.rounds} rounds (the servers take turns in each), a new signed event per request.`,
    '',
    `![throughput and latency of the app and both baselines](${chartFile})`,
    '',
    '**As fast as each server goes**',
    '',
    '| Server | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | non-2xx | CPU ms/req | peak RSS MiB |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    row('app (APP_ROLE=api)', app),
    row('baseline, per request (node:http)', baseline),
    row('baseline, batched (node:http, group commit)', batchedBaseline),
    `| app / per-request baseline | ${ratios.throughput} | ${ratios.latencyP50} | | ${ratios.latencyP99} | | | | ${ratios.cpuPerRequest} | ${ratios.peakRss} |`,
    `| app / batched baseline | ${ratios.throughputVsBatched} | | | ${ratios.latencyP99VsBatched} | | | | ${ratios.cpuPerRequestVsBatched} | |`,
    '',
    `**At a fixed ${fixedRate.offeredRate} req/s offered** (${load.connections} connections, ${load.durationSeconds} s)`,
    '',
    '| Server | req/s | p50 ms | p99 ms | errors | non-2xx | CPU ms/req | sustained |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    fixedRow('app (APP_ROLE=api)', fixedRate.app),
    fixedRow('baseline, per request', fixedRate.baseline),
    fixedRow('baseline, batched', fixedRate.batchedBaseline),
    `| app / per-request baseline | | | | | | ${ratios.cpuPerRequestAtFixedRate} | |`,
    `| app / batched baseline | | | | | | ${ratios.cpuPerRequestAtFixedRateVsBatched} | |`,
    '',
    '**End to end** (APP_ROLE=all, worker included, a burst of unique events)',
    '',
    '| events | total s | events/s | HTTP req/s | HTTP p99 ms | errors | non-2xx | processed during the burst | drain s | drain events/s | CPU ms/event | processed / accepted |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${e2e.events} | ${seconds(e2e.totalMs)} | ${e2e.eventsPerSecond} | ${e2e.http.requestsPerSecond} | ${e2e.http.latencyP99Ms} | ${e2e.http.errors} | ${e2e.http.non2xx} | ${e2e.processedDuringBurst} | ${seconds(e2e.drainMs)} | ${e2e.drainEventsPerSecond} | ${e2e.cpuMsPerEvent} | ${e2e.processedToAccepted} |`,
    '',
    'Goals:',
    '',
    ...Object.entries(GOALS).map(([name, goal]) => {
      const value = goal.read(results);
      return `- ${goal.text}: ${value} — ${results.goals[name as keyof Goals] ? 'reached' : '**not reached**'}`;
    }),
    '',
  ].join('\n');
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;
