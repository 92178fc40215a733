import type { LoadFigures } from './load.js';
import { eventLoopDelay, intervalLine, type SoakInterval, type SoakResults, soakMarkdown, verdict } from './soak-report.js';

const http = (latencyP99Ms: number): LoadFigures => ({
  requestsPerSecond: 300,
  latencyP50Ms: 5,
  latencyP90Ms: 8,
  latencyP99Ms,
  latencyMaxMs: 40,
  requests: 3000,
  accepted: 3000,
  errors: 0,
  non2xx: 0,
});
const interval = (atSeconds: number, rssMiB: number, loopP99Ms: number, requestP99Ms: number, backlog: number): SoakInterval => ({
  atSeconds,
  rssMiB,
  eventLoop: { p50Ms: 10.1, p99Ms: loopP99Ms, maxMs: 30 },
  http: http(requestP99Ms),
  processed: 3000,
  backlog,
});
const flatChecks = (intervals: SoakInterval[]) => Object.fromEntries(verdict(intervals, 300).checks.map((c) => [c.measure, c.flat]));

describe('the soak report', () => {
  it("reads the event-loop delay from prom-client's default metrics, in milliseconds", () => {
    const metrics = [
      '# HELP nodejs_eventloop_lag_p50_seconds The 50th percentile of the recorded event loop delays.',
      '# TYPE nodejs_eventloop_lag_p50_seconds gauge',
      'nodejs_eventloop_lag_p50_seconds 0.010174463',
      'nodejs_eventloop_lag_p90_seconds 0.011',
      'nodejs_eventloop_lag_p99_seconds{instance="a"} 0.0251',
      'nodejs_eventloop_lag_max_seconds 0.1',
    ].join('\n');
    expect(eventLoopDelay(metrics)).toEqual({ p50Ms: 10.17, p99Ms: 25.1, maxMs: 100 });
    expect(() => eventLoopDelay('nodejs_eventloop_lag_seconds 0.01')).toThrow('no nodejs_eventloop_lag_p50_seconds');
  });

  it('is flat when the last interval stays within the tolerances of the first, whatever came between', () => {
    const result = verdict([interval(60, 200, 20, 30, 100), interval(120, 400, 90, 90, 9000), interval(180, 240, 30, 45, 300)], 300);
    expect(result.flat).toBe(true);
    expect(result.checks.map((c) => [c.measure, c.first, c.last, c.limit])).toEqual([
      ['RSS MiB', 200, 240, 240],
      ['event-loop p99 ms', 20, 30, 30],
      ['request p99 ms', 30, 45, 45],
      ['backlog events', 100, 300, 300],
    ]);
  });

  it('names each measure that grew beyond its tolerance', () => {
    expect(flatChecks([interval(60, 200, 20, 30, 100), interval(120, 241, 31, 46, 301)])).toEqual({
      'RSS MiB': false,
      'event-loop p99 ms': false,
      'request p99 ms': false,
      'backlog events': false,
    });
    expect(verdict([interval(60, 200, 20, 30, 100), interval(120, 241, 20, 30, 100)], 300).flat).toBe(false);
  });

  it('gives small p99s 10 ms and a small backlog one second of offered load before calling them grown', () => {
    expect(flatChecks([interval(60, 200, 4, 6, 0), interval(120, 200, 14, 16, 300)])).toEqual({
      'RSS MiB': true,
      'event-loop p99 ms': true,
      'request p99 ms': true,
      'backlog events': true,
    });
  });

  it('needs two intervals to compare', () => {
    expect(() => verdict([interval(60, 200, 20, 30, 100)], 300)).toThrow('at least two intervals');
  });

  it('prints a line per interval and a table with the verdict and its tolerances', () => {
    const intervals = [interval(10, 200, 20, 30, 100), interval(20, 300, 20, 30, 100)];
    expect(intervalLine(intervals[1])).toBe(
      'soak at 20 s: RSS 300 MiB, event loop p50/p99/max 10.1/20/30 ms, 300 req/s p99 30 ms (0 errors, 0 non-2xx), 3000 processed, backlog 100',
    );
    const results: SoakResults = {
      startedAt: '2026-11-30T06:00:00.000Z',
      machine: { cpus: 2, cpuModel: 'EPYC', memoryGiB: 24, loadAverageAtStart: [1], loadAverageAtEnd: [2] },
      load: { rate: 300, connections: 50, seconds: 20, intervalSeconds: 10, warmupSeconds: 1 },
      intervals,
      peakRssMiB: 310,
      verdict: verdict(intervals, 300),
    };
    const text = soakMarkdown(results);
    expect(text).toContain('| 20 | 300 | 10.1 | 20 | 30 | 300 | 30 | 0 | 0 | 3000 | 100 |');
    expect(text).toContain('last interval against the first: **not flat**');
    expect(text).toContain('| RSS MiB | 200 | 300 | 240 | **grew** |');
    expect(text).toContain('Tolerances: RSS +20 %');
  });
});
