import type { LoadFigures } from './load.js';

/** One server's bars: its name, on one or more lines under its group. */
export interface ChartServer {
  name: string[];
  figures: Pick<LoadFigures, 'requestsPerSecond' | 'latencyP50Ms' | 'latencyP90Ms' | 'latencyP99Ms'>;
}

interface Bar {
  value: number;
  color: string;
}

interface Panel {
  title: string;
  yLabel: string;
  groups: Array<{ label: string[]; bars: Bar[] }>;
  left: number;
  top: number;
  width: number;
  height: number;
}

const WIDTH = 960;
const HEIGHT = 420;
const SERVER_COLORS = ['#d95f02', '#7570b3', '#1b9e77', '#e7298a'];
const PERCENTILES = [
  { label: 'p50', key: 'latencyP50Ms', color: '#a6cee3' },
  { label: 'p90', key: 'latencyP90Ms', color: '#1f78b4' },
  { label: 'p99', key: 'latencyP99Ms', color: '#08306b' },
] as const;
const TICKS = 5;

/**
 * A hand-written SVG: throughput per server on the left, latency percentiles
 * (p50, p90, p99) per server on the right, each bar labelled with its value.
 */
export function chartSvg(title: string, servers: ChartServer[]): string {
  const throughput = panel({
    title: 'Throughput',
    yLabel: 'requests per second',
    groups: servers.map((s, i) => ({
      label: s.name,
      bars: [{ value: s.figures.requestsPerSecond, color: SERVER_COLORS[i % SERVER_COLORS.length] }],
    })),
    left: 80,
    top: 70,
    width: 330,
    height: 260,
  });
  const latency = panel({
    title: 'Latency',
    yLabel: 'milliseconds',
    groups: servers.map((s) => ({ label: s.name, bars: PERCENTILES.map((p) => ({ value: s.figures[p.key], color: p.color })) })),
    left: 530,
    top: 70,
    width: 400,
    height: 260,
  });
  const legend = PERCENTILES.map(
    (p, i) =>
      `<rect x="${665 + i * 55}" y="392" width="12" height="12" fill="${p.color}"/><text x="${681 + i * 55}" y="402" font-size="12">${p.label}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="24" font-size="16" font-weight="bold" text-anchor="middle">${escape(title)}</text>`,
    ...throughput,
    ...latency,
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}

function panel(p: Panel): string[] {
  const { top: scaleTop, step } = scale(Math.max(0, ...p.groups.flatMap((g) => g.bars.map((b) => b.value))));
  const bottom = p.top + p.height;
  const y = (value: number) => bottom - (value / scaleTop) * p.height;
  const out = [
    `<text x="${p.left + p.width / 2}" y="${p.top - 20}" font-size="14" font-weight="bold" text-anchor="middle">${escape(p.title)}</text>`,
    `<text transform="translate(${p.left - 55} ${p.top + p.height / 2}) rotate(-90)" font-size="12" text-anchor="middle">${escape(p.yLabel)}</text>`,
  ];
  for (let tick = 0; tick <= Math.round(scaleTop / step); tick += 1) {
    const value = tick * step;
    out.push(
      `<line x1="${p.left}" y1="${y(value)}" x2="${p.left + p.width}" y2="${y(value)}" stroke="#dddddd"/>`,
      `<text x="${p.left - 6}" y="${y(value) + 4}" font-size="11" text-anchor="end">${format(value)}</text>`,
    );
  }
  out.push(
    `<line x1="${p.left}" y1="${p.top}" x2="${p.left}" y2="${bottom}" stroke="#333333"/>`,
    `<line x1="${p.left}" y1="${bottom}" x2="${p.left + p.width}" y2="${bottom}" stroke="#333333"/>`,
  );
  const groupWidth = p.width / Math.max(1, p.groups.length);
  p.groups.forEach((group, g) => {
    const barWidth = (groupWidth * 0.75) / group.bars.length;
    const groupLeft = p.left + g * groupWidth + groupWidth * 0.125;
    group.bars.forEach((bar, b) => {
      const x = groupLeft + b * barWidth;
      const barTop = y(bar.value);
      out.push(
        `<rect x="${round(x)}" y="${round(barTop)}" width="${round(barWidth - 2)}" height="${round(bottom - barTop)}" fill="${bar.color}"/>`,
        `<text x="${round(x + barWidth / 2 - 1)}" y="${round(barTop - 4)}" font-size="11" text-anchor="middle">${format(bar.value)}</text>`,
      );
    });
    group.label.forEach((line, l) =>
      out.push(
        `<text x="${round(p.left + (g + 0.5) * groupWidth)}" y="${bottom + 18 + l * 14}" font-size="12" text-anchor="middle">${escape(line)}</text>`,
      ),
    );
  });
  return out;
}

/** The axis' top and tick step: about TICKS ticks of 1, 2 or 5 × a power of ten, the top at or above the highest bar. */
export function scale(highest: number): { top: number; step: number } {
  if (highest <= 0) return { top: 1, step: 1 };
  const rough = highest / TICKS;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= rough) ?? 10 * power;
  return { top: Math.ceil(highest / step) * step, step };
}

const round = (value: number) => Math.round(value * 10) / 10;
const format = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
