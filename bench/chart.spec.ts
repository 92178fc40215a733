import { chartSvg, scale } from './chart.js';

const figures = (requestsPerSecond: number, p50: number, p90: number, p99: number) => ({
  requestsPerSecond,
  latencyP50Ms: p50,
  latencyP90Ms: p90,
  latencyP99Ms: p99,
});

describe('the bench chart', () => {
  it('scales the axis to 1, 2 or 5 × a power of ten, its top at or above the highest bar', () => {
    expect(scale(2962)).toEqual({ top: 3000, step: 1000 });
    expect(scale(1480)).toEqual({ top: 1500, step: 500 });
    expect(scale(73)).toEqual({ top: 80, step: 20 });
    expect(scale(0)).toEqual({ top: 1, step: 1 });
  });

  it('draws a throughput bar and p50/p90/p99 bars per server, each labelled with its value, under an escaped title', () => {
    const svg = chartSvg('app & baselines <run>', [
      { name: ['app'], figures: figures(1480, 31, 52, 73) },
      { name: ['baseline', 'batched'], figures: figures(2962, 16, 25, 33.5) },
    ]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('app &amp; baselines &lt;run&gt;');
    expect(svg.match(/<rect [^>]*fill="#(?!ffffff)/g)).toHaveLength(2 + 2 * 3 + 3); // bars and the legend's keys
    for (const value of ['1480', '2962', '31', '52', '73', '16', '25', '33.5']) expect(svg).toContain(`>${value}</text>`);
    for (const label of ['requests per second', 'milliseconds', 'p50', 'p90', 'p99', 'baseline', 'batched']) {
      expect(svg).toContain(`>${label}</text>`);
    }
  });

  it('makes every bar as tall as its value on the shared axis', () => {
    const svg = chartSvg('t', [
      { name: ['a'], figures: figures(1000, 1, 2, 4) },
      { name: ['b'], figures: figures(500, 1, 2, 4) },
    ]);
    const heights = [...svg.matchAll(/<rect [^>]*height="([\d.]+)" fill="#(?:d95f02|7570b3)"/g)].map((m) => Number(m[1]));
    expect(heights).toEqual([260, 130]);
  });
});
