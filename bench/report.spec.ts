import type { LoadFigures } from './load.js';
import {
  type BenchResults,
  compare,
  type EndToEndFigures,
  type FixedRateFigures,
  markdown,
  type ServerFigures,
  sustained,
} from './report.js';

const load = (requestsPerSecond: number, latencyP99Ms: number): LoadFigures => ({
  requestsPerSecond,
  latencyP50Ms: latencyP99Ms / 4,
  latencyP90Ms: latencyP99Ms / 2,
  latencyP99Ms,
  latencyMaxMs: latencyP99Ms * 2,
  requests: requestsPerSecond * 10,
  accepted: requestsPerSecond * 10,
  errors: 0,
  non2xx: 0,
});
const server = (requestsPerSecond: number, latencyP99Ms: number, cpuMsPerRequest: number): ServerFigures => ({
  ...load(requestsPerSecond, latencyP99Ms),
  cpuMsPerRequest,
  peakRssMiB: 100,
});
const atRate = (cpuMsPerRequest: number): FixedRateFigures => ({ ...load(600, 10), offeredRate: 600, cpuMsPerRequest, sustained: true });
const endToEnd = (eventsPerSecond: number, acceptedPerSecond: number): EndToEndFigures => ({
  events: 1000,
  eventsPerSecond,
  totalMs: 2000,
  cpuMsPerEvent: 1,
  drainMs: 500,
  processedDuringBurst: 700,
  drainEventsPerSecond: 600,
  http: load(acceptedPerSecond, 50),
  processedToAccepted: Math.round((eventsPerSecond / acceptedPerSecond) * 100) / 100,
});
const measured = {
  app: server(1500, 60, 0.6),
  baseline: server(1500, 30, 0.2),
  batchedBaseline: server(3000, 20, 0.1),
  fixedRate: { offeredRate: 600, app: atRate(0.3), baseline: atRate(0.25), batchedBaseline: atRate(0.1) },
};

describe('the comparison report', () => {
  it('divides the app by each baseline, CPU also at the fixed rate', () => {
    const { ratios } = compare(measured, endToEnd(400, 500));
    expect(ratios).toEqual({
      throughput: 1,
      latencyP50: 2,
      latencyP99: 2,
      cpuPerRequest: 3,
      peakRss: 1,
      cpuPerRequestAtFixedRate: 1.2,
      throughputVsBatched: 0.5,
      latencyP99VsBatched: 3,
      cpuPerRequestVsBatched: 6,
      cpuPerRequestAtFixedRateVsBatched: 3,
    });
  });

  it('judges each goal by its bound: throughput ≥ 1.0, p99 ≤ 1.5, CPU at the fixed rate ≤ 1.5, ≥ 0.7 of batched, end to end ≥ 0.8', () => {
    expect(compare(measured, endToEnd(400, 500)).goals).toEqual({
      throughput: true,
      latencyP99: false,
      cpuPerRequest: true,
      throughputVsBatched: false,
      endToEnd: true,
    });
    expect(compare(measured, endToEnd(395, 500)).goals.endToEnd).toBe(false);
  });

  it('counts a fixed-rate run as sustained from 95 % of the offered rate', () => {
    expect(sustained(600, load(570, 10))).toBe(true);
    expect(sustained(600, load(569, 10))).toBe(false);
  });

  it('writes the three servers, both ratio rows, the fixed-rate table, end to end with processed/accepted, the goals and the chart link', () => {
    const e2e = endToEnd(400, 500);
    const results: BenchResults = {
      startedAt: '2026-11-30T06:00:00.000Z',
      machine: { cpus: 2, cpuModel: 'EPYC', memoryGiB: 24, loadAverageAtStart: [1], loadAverageAtEnd: [2] },
      load: { connections: 50, durationSeconds: 3, warmupSeconds: 1, rounds: 3, fixedRate: 600 },
      ...measured,
      ...compare(measured, e2e),
      endToEnd: e2e,
    };
    const text = markdown(results, 'run.svg');
    expect(text).toContain('](run.svg)');
    expect(text).toContain('| baseline, batched (node:http, group commit) | 3000 | 5 | 10 | 20 | 40 | 0 | 0 | 0.1 | 100 |');
    expect(text).toContain('| app / per-request baseline | 1 | 2 | | 2 | | | | 3 | 1 |');
    expect(text).toContain('| app / batched baseline | 0.5 | | | 3 | | | | 6 | |');
    expect(text).toContain('**At a fixed 600 req/s offered**');
    expect(text).toContain('| app / per-request baseline | | | | | | 1.2 | |');
    expect(text).toContain('| 1000 | 2 | 400 | 500 | 50 | 0 | 0 | 700 | 0.5 | 600 | 1 | 0.8 |');
    expect(text).toContain('- p99 ≤ 1.5 × per-request baseline: 2 — **not reached**');
    expect(text).toContain('- end to end: processed ≥ 0.8 × accepted rate: 0.8 — reached');
  });
});
