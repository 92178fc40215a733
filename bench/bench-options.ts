/** What one `npm run bench` measures; each setting comes from a flag (`--connections=50`) or its env var. */
export interface BenchOptions {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** Size of the burst sent to the app with its worker running, for the end-to-end rate. */
  burstEvents: number;
  databaseServerUrl: string;
  redisUrl: string;
}

const SETTINGS: Record<keyof Omit<BenchOptions, 'databaseServerUrl' | 'redisUrl'>, [flag: string, env: string, fallback: number]> = {
  connections: ['connections', 'BENCH_CONNECTIONS', 50],
  durationSeconds: ['duration', 'BENCH_DURATION_S', 15],
  warmupSeconds: ['warmup', 'BENCH_WARMUP_S', 5],
  burstEvents: ['events', 'BENCH_EVENTS', 20_000],
};

export function readBenchOptions(argv: string[] = process.argv.slice(2), env = process.env): BenchOptions {
  const flags = new Map(argv.map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
  const numbers = Object.fromEntries(
    Object.entries(SETTINGS).map(([key, [flag, envName, fallback]]) => {
      const value = Number(flags.get(flag) ?? env[envName] ?? fallback);
      if (!Number.isInteger(value) || value <= 0) throw new Error(`--${flag} / ${envName} must be a positive integer`);
      return [key, value];
    }),
  ) as Record<keyof typeof SETTINGS, number>;
  return {
    ...numbers,
    databaseServerUrl: env.BENCH_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
}
