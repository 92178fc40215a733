import type { LoadFigures } from './load.js';
import { cpuPerRequest } from './report.js';

/** One measured run of a server: what autocannon saw, and the CPU the server spent meanwhile. */
export interface MeasuredRun {
  load: LoadFigures;
  durationSeconds: number;
  cpuMs: number;
}

/**
 * A server's runs, interleaved with the other servers' in rounds, as one:
 * counts and CPU summed (so req/s and CPU per request are over all its
 * runs), latency percentiles the median of the runs' (autocannon gives no
 * histogram to merge), the maximum the highest.
 */
export function combineRuns(runs: readonly MeasuredRun[]): LoadFigures & { cpuMsPerRequest: number } {
  if (runs.length === 0) throw new Error('no runs to combine');
  const sum = (read: (load: LoadFigures) => number) => runs.reduce((total, run) => total + read(run.load), 0);
  const seconds = runs.reduce((total, run) => total + run.durationSeconds, 0);
  const accepted = sum((load) => load.accepted);
  return {
    requestsPerSecond: Math.round(sum((load) => load.requests) / seconds),
    latencyP50Ms: median(runs.map((run) => run.load.latencyP50Ms)),
    latencyP90Ms: median(runs.map((run) => run.load.latencyP90Ms)),
    latencyP99Ms: median(runs.map((run) => run.load.latencyP99Ms)),
    latencyMaxMs: Math.max(...runs.map((run) => run.load.latencyMaxMs)),
    requests: sum((load) => load.requests),
    accepted,
    errors: sum((load) => load.errors),
    non2xx: sum((load) => load.non2xx),
    cpuMsPerRequest: cpuPerRequest(
      runs.reduce((total, run) => total + run.cpuMs, 0),
      accepted,
    ),
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
