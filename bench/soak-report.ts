import type { LoadFigures } from './load.js';
import type { Machine } from './report.js';

export interface EventLoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** What one soak interval measured; the server's figures are read at its end. */
export interface SoakInterval {
  /** Seconds since the soak started (after the warm-up), at the interval's end. */
  atSeconds: number;
  rssMiB: number;
  /** Since the previous scrape: prom-client resets its histogram at every scrape. */
  eventLoop: EventLoopDelay;
  http: LoadFigures;
  /** Events marked processed during the interval. */
  processed: number;
  /** Events stored but not processed yet, at the interval's end. */
  backlog: number;
}

export interface SoakCheck {
  measure: string;
  first: number;
  last: number;
  /** The highest `last` that still counts as flat. */
  limit: number;
  flat: boolean;
}

export interface SoakResults {
  startedAt: string;
  machine: Machine;
  load: { rate: number; connections: number; seconds: number; intervalSeconds: number; warmupSeconds: number };
  intervals: SoakInterval[];
  peakRssMiB: number;
  verdict: { flat: boolean; checks: SoakCheck[] };
}

/**
 * How far the last interval may drift from the first and still read as flat:
 * RSS by 20 %; the p99s by 50 % or 10 ms, whichever is more (small values jitter
 * by whole milliseconds); the backlog by 50 % or one second of offered load.
 */
export const TOLERANCE = { rssShare: 1.2, p99Share: 1.5, p99Ms: 10, backlogShare: 1.5, backlogSeconds: 1 } as const;

/** The event-loop delay from prom-client's default metrics in a /metrics answer (Prometheus text format). */
export function eventLoopDelay(metricsText: string): EventLoopDelay {
  const ms = (name: string) => {
    const match = new RegExp(`^nodejs_eventloop_lag_${name}_seconds(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(metricsText);
    if (!match) throw new Error(`/metrics has no nodejs_eventloop_lag_${name}_seconds`);
    return Math.round(Number(match[1]) * 100_000) / 100;
  };
  return { p50Ms: ms('p50'), p99Ms: ms('p99'), maxMs: ms('max') };
}

/** Flat when every measure of the last interval is within TOLERANCE of the first's. */
export function verdict(intervals: SoakInterval[], rate: number): SoakResults['verdict'] {
  if (intervals.length < 2) throw new Error('a verdict needs at least two intervals');
  const first = intervals[0];
  const last = intervals[intervals.length - 1];
  const check = (measure: string, read: (i: SoakInterval) => number, limit: (first: number) => number): SoakCheck => {
    const [a, b] = [read(first), read(last)];
    const highest = Math.round(limit(a) * 100) / 100;
    return { measure, first: a, last: b, limit: highest, flat: b <= highest };
  };
  const p99Limit = (value: number) => Math.max(value * TOLERANCE.p99Share, value + TOLERANCE.p99Ms);
  const checks = [
    check(
      'RSS MiB',
      (i) => i.rssMiB,
      (v) => v * TOLERANCE.rssShare,
    ),
    check('event-loop p99 ms', (i) => i.eventLoop.p99Ms, p99Limit),
    check('request p99 ms', (i) => i.http.latencyP99Ms, p99Limit),
    check(
      'backlog events',
      (i) => i.backlog,
      (v) => Math.max(v * TOLERANCE.backlogShare, rate * TOLERANCE.backlogSeconds),
    ),
  ];
  return { flat: checks.every((c) => c.flat), checks };
}

/** One line per interval, as printed while the soak runs. */
export function intervalLine(interval: SoakInterval): string {
  const { eventLoop: loop, http } = interval;
  return (
    `soak at ${interval.atSeconds} s: RSS ${interval.rssMiB} MiB, event loop p50/p99/max ${loop.p50Ms}/${loop.p99Ms}/${loop.maxMs} ms, ` +
    `${http.requestsPerSecond} req/s p99 ${http.latencyP99Ms} ms (${http.errors} errors, ${http.non2xx} non-2xx), ` +
    `${interval.processed} processed, backlog ${interval.backlog}`
  );
}

export function soakMarkdown(results: SoakResults): string {
  const { load, machine: m, verdict: v } = results;
  return [
    `Soak of ${results.startedAt}: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, load average ${m.loadAverageAtStart.join(' ')} at start, ${m.loadAverageAtEnd.join(' ')} at end.`,
    `The app with APP_ROLE=all (worker on), ${load.rate} req/s offered over ${load.connections} connections for ${load.seconds} s ` +
      `after a ${load.warmupSeconds} s warm-up, reported every ${load.intervalSeconds} s. Peak RSS ${results.peakRssMiB} MiB.`,
    '',
    '| at s | RSS MiB | loop p50 ms | loop p99 ms | loop max ms | req/s | p99 ms | errors | non-2xx | processed | backlog |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.intervals.map(
      (i) =>
        `| ${i.atSeconds} | ${i.rssMiB} | ${i.eventLoop.p50Ms} | ${i.eventLoop.p99Ms} | ${i.eventLoop.maxMs} | ` +
        `${i.http.requestsPerSecond} | ${i.http.latencyP99Ms} | ${i.http.errors} | ${i.http.non2xx} | ${i.processed} | ${i.backlog} |`,
    ),
    '',
    `Verdict, last interval against the first: **${v.flat ? 'flat' : 'not flat'}**.`,
    '',
    '| measure | first | last | flat up to | |',
    '| --- | ---: | ---: | ---: | --- |',
    ...v.checks.map((c) => `| ${c.measure} | ${c.first} | ${c.last} | ${c.limit} | ${c.flat ? 'flat' : '**grew**'} |`),
    '',
    `Tolerances: RSS +${Math.round((TOLERANCE.rssShare - 1) * 100)} %; p99s ×${TOLERANCE.p99Share} or +${TOLERANCE.p99Ms} ms, whichever is more; ` +
      `backlog ×${TOLERANCE.backlogShare} or ${TOLERANCE.backlogSeconds} s of offered load. The event-loop delay includes prom-client's 10 ms sampling timer: an idle loop reads about 10 ms.`,
    '',
  ].join('\n');
}
