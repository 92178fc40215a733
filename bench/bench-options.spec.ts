import { readBenchOptions } from './bench-options.js';

describe('readBenchOptions', () => {
  it('runs the comparison, with a fixed rate of 600 req/s, unless --soak is given', () => {
    const options = readBenchOptions([], {});
    expect(options).toMatchObject({ fixedRate: 600, soakSeconds: 0, soakIntervalSeconds: 60, soakRate: 300 });
  });

  it('reads the soak settings from flags before env vars', () => {
    const options = readBenchOptions(['--soak=30', '--soak-interval=10'], { BENCH_SOAK_RATE: '150', BENCH_SOAK_S: '600' });
    expect(options).toMatchObject({ soakSeconds: 30, soakIntervalSeconds: 10, soakRate: 150 });
  });

  it('names the bad setting; only --soak may be 0', () => {
    expect(() => readBenchOptions(['--rate=0'], {})).toThrow('--rate / BENCH_RATE must be a positive integer');
    expect(() => readBenchOptions(['--soak=-1'], {})).toThrow('--soak / BENCH_SOAK_S must be a non-negative integer');
  });
});
