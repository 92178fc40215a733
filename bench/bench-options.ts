/** What one `npm run bench` measures; each setting comes from a flag (`--connections=50`) or its env var. */
export interface BenchOptions {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** The measured seconds are split into this many rounds, the servers taking turns in each. */
  rounds: number;
  /** Size of the burst sent to the app with its worker running, for the end-to-end rate. */
  burstEvents: number;
  /** Offered req/s of the fixed-rate runs: low enough that every server sustains it, so CPU per request compares like with like. */
  fixedRate: number;
  /** Seconds of the soak run; 0 (the default) runs the comparison instead. */
  soakSeconds: number;
  /** Seconds between two soak reports. */
  soakIntervalSeconds: number;
  /** Offered req/s during the soak. */
  soakRate: number;
  databaseServerUrl: string;
  redisUrl: string;
}

type NumberSetting = keyof Omit<BenchOptions, 'databaseServerUrl' | 'redisUrl'>;

const SETTINGS: Record<NumberSetting, [flag: string, env: string, fallback: number]> = {
  connections: ['connections', 'BENCH_CONNECTIONS', 50],
  durationSeconds: ['duration', 'BENCH_DURATION_S', 15],
  warmupSeconds: ['warmup', 'BENCH_WARMUP_S', 5],
  rounds: ['rounds', 'BENCH_ROUNDS', 3],
  burstEvents: ['events', 'BENCH_EVENTS', 20_000],
  fixedRate: ['rate', 'BENCH_RATE', 600],
  soakSeconds: ['soak', 'BENCH_SOAK_S', 0],
  soakIntervalSeconds: ['soak-interval', 'BENCH_SOAK_INTERVAL_S', 60],
  soakRate: ['soak-rate', 'BENCH_SOAK_RATE', 300],
};
/** The only setting whose 0 means something (no soak). */
const MAY_BE_ZERO = new Set<NumberSetting>(['soakSeconds']);

export function readBenchOptions(argv: string[] = process.argv.slice(2), env = process.env): BenchOptions {
  const flags = new Map(argv.map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
  const numbers = Object.fromEntries(
    Object.entries(SETTINGS).map(([key, [flag, envName, fallback]]) => {
      const value = Number(flags.get(flag) ?? env[envName] ?? fallback);
      const lowest = MAY_BE_ZERO.has(key as NumberSetting) ? 0 : 1;
      if (!Number.isInteger(value) || value < lowest) {
        throw new Error(`--${flag} / ${envName} must be a ${lowest === 0 ? 'non-negative' : 'positive'} integer`);
      }
      return [key, value];
    }),
  ) as Record<NumberSetting, number>;
  return {
    ...numbers,
    databaseServerUrl: env.BENCH_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
}
