import { combineRuns, median } from './combine-runs.js';
import type { LoadFigures } from './load.js';

const load = (requests: number, p99: number, max = p99 * 2): LoadFigures => ({
  requestsPerSecond: requests,
  latencyP50Ms: p99 / 4,
  latencyP90Ms: p99 / 2,
  latencyP99Ms: p99,
  latencyMaxMs: max,
  requests,
  accepted: requests - 1,
  errors: 1,
  non2xx: 1,
});

describe('combineRuns', () => {
  it('sums counts, time and CPU over the runs, so req/s and CPU per request are over all of them', () => {
    const combined = combineRuns([
      { load: load(1000, 40), durationSeconds: 1, cpuMs: 400 },
      { load: load(3000, 80), durationSeconds: 2, cpuMs: 900 },
    ]);
    expect(combined.requests).toBe(4000);
    expect(combined.requestsPerSecond).toBe(1333);
    expect(combined.accepted).toBe(3998);
    expect(combined.cpuMsPerRequest).toBe(0.325);
    expect(combined.errors).toBe(2);
    expect(combined.non2xx).toBe(2);
  });

  it('takes the median of the runs’ percentiles and the highest maximum', () => {
    const combined = combineRuns([
      { load: load(1000, 40, 300), durationSeconds: 1, cpuMs: 1 },
      { load: load(1000, 100, 120), durationSeconds: 1, cpuMs: 1 },
      { load: load(1000, 60, 90), durationSeconds: 1, cpuMs: 1 },
    ]);
    expect(combined.latencyP99Ms).toBe(60);
    expect(combined.latencyP50Ms).toBe(15);
    expect(combined.latencyMaxMs).toBe(300);
  });

  it('refuses no runs at all', () => {
    expect(() => combineRuns([])).toThrow('no runs');
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
