import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { abuseMarkdown, measureAbuse } from './abuse.js';
import { type BenchOptions, readBenchOptions } from './bench-options.js';
import { BenchStores } from './bench-stores.js';
import { fireWebhooks } from './load.js';
import { type BenchResults, compare, type EndToEndFigures, loadAverage, machine, markdown, type ServerFigures } from './report.js';
import { ServerProcess } from './server-process.js';
import { SignedEvents } from './signed-events.js';

/**
 * `npm run bench`: the app against a bare node:http baseline doing the same
 * work, under the same load, then the app's end-to-end rate with its worker.
 * See docs/benchmarks.md.
 */
const RESULTS_DIR = 'bench/results';
// Beside this file in whichever build it was compiled into.
const APP_SCRIPT = fileURLToPath(new URL('../src/main.js', import.meta.url));
const BASELINE_SCRIPT = fileURLToPath(new URL('./baseline-server.js', import.meta.url));
const SECRET = `bench-secret-${randomBytes(16).toString('hex')}`;
const APP_PORT = 3901;
const BASELINE_PORT = 3902;
/** Prepared events per second of load; more are made on the spot if a server outruns this. */
const EXPECTED_MAX_RATE = 4000;
const DRAIN_TIMEOUT_MS = 15 * 60_000;

async function main(): Promise<void> {
  const options = readBenchOptions();
  // --profile: a CPU profile of the app under load (bench/results/profiles); --app-only: just that, for quick iterations.
  const profile = process.argv.includes('--profile');
  const appOnly = process.argv.includes('--app-only');
  // --end-to-end: only the burst with the worker running (with --profile, the profile is of that process).
  const endToEndOnly = process.argv.includes('--end-to-end');
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const startedAt = new Date().toISOString();
  const host = machine();
  const stores = await BenchStores.create(options.databaseServerUrl, options.redisUrl, runId);
  const env = serverEnvironment(stores);
  // --abuse: only the abuse run (signed webhooks with and without a flood of unsigned ones), see bench/abuse.ts.
  if (process.argv.includes('--abuse')) {
    try {
      await abuse(stores, env, options, `${runId}-abuse`, startedAt);
    } finally {
      await stores.drop();
    }
    return;
  }
  try {
    const appArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${RESULTS_DIR}/profiles`] : [];
    if (endToEndOnly) {
      // An app start applies the migrations the burst's orders need.
      await (await ServerProcess.start('app', APP_SCRIPT, APP_PORT, { ...env, APP_ROLE: 'api' })).stop();
      const figures = await measureEndToEnd(stores, env, options, `${runId}-e2e`, appArgs);
      const keptUp = figures.eventsPerSecond / figures.http.requestsPerSecond;
      console.log(`end to end: ${JSON.stringify(figures)}\nprocessed / accepted rate: ${keptUp.toFixed(2)}`);
      return;
    }
    // The app runs first: its start applies the migrations the baseline's table comes from.
    const app = await measure(
      () => ServerProcess.start('app', APP_SCRIPT, APP_PORT, { ...env, APP_ROLE: 'api' }, appArgs),
      stores,
      options,
      `${runId}-app`,
    );
    if (appOnly) return;
    const baseline = await measure(
      () => ServerProcess.start('baseline', BASELINE_SCRIPT, BASELINE_PORT, env),
      stores,
      options,
      `${runId}-base`,
    );
    const endToEnd = await measureEndToEnd(stores, env, options, `${runId}-e2e`);
    host.loadAverageAtEnd = loadAverage();
    const load = { connections: options.connections, durationSeconds: options.durationSeconds, warmupSeconds: options.warmupSeconds };
    save({ startedAt, machine: host, load, app, baseline, ...compare(app, baseline), endToEnd });
  } finally {
    await stores.drop();
  }
}

function serverEnvironment(stores: BenchStores): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: stores.databaseUrl,
    REDIS_URL: stores.redisUrl,
    QUEUE_PREFIX: stores.queuePrefix,
    ADMIN_API_KEY: `bench-admin-${randomBytes(8).toString('hex')}`,
    WEBHOOK_SECRET_PAYMENT: SECRET,
    CODES_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  };
}

async function measure(
  start: () => Promise<ServerProcess>,
  stores: BenchStores,
  options: BenchOptions,
  tag: string,
): Promise<ServerFigures> {
  const events = new SignedEvents(tag, SECRET, 1000).prepare((options.warmupSeconds + options.durationSeconds) * EXPECTED_MAX_RATE);
  const server = await start();
  try {
    await stores.reset();
    console.log(`${server.name}: warming up for ${options.warmupSeconds} s`);
    await fireWebhooks(server.url, events, { connections: options.connections, durationSeconds: options.warmupSeconds });
    console.log(`${server.name}: measuring for ${options.durationSeconds} s with ${options.connections} connections`);
    const cpuBefore = server.cpuMs();
    const figures = await fireWebhooks(server.url, events, { connections: options.connections, durationSeconds: options.durationSeconds });
    const cpuMsPerRequest = Math.round(((server.cpuMs() - cpuBefore) / figures.requests) * 1000) / 1000;
    const measured = { ...figures, cpuMsPerRequest, peakRssMiB: server.peakRssMiB() };
    console.log(`${server.name}: ${JSON.stringify(measured)}`);
    return measured;
  } finally {
    await server.stop();
  }
}

async function measureEndToEnd(
  stores: BenchStores,
  env: Record<string, string>,
  options: BenchOptions,
  tag: string,
  nodeArgs: string[] = [],
): Promise<EndToEndFigures> {
  const count = options.burstEvents;
  const events = new SignedEvents(tag, SECRET, count).prepare(count);
  await stores.reset();
  await stores.createOrders(count);
  const server = await ServerProcess.start('app (all)', APP_SCRIPT, APP_PORT, { ...env, APP_ROLE: 'all' }, nodeArgs);
  try {
    console.log(`end to end: ${count} events with the worker running`);
    const started = Date.now();
    const cpuBefore = server.cpuMs();
    const http = await fireWebhooks(server.url, events, { connections: options.connections, amount: count });
    const answered = Date.now();
    await waitUntilProcessed(stores, http.requests - http.errors - http.non2xx);
    const finished = Date.now();
    const totalMs = finished - started;
    const cpuMsPerEvent = Math.round(((server.cpuMs() - cpuBefore) / count) * 1000) / 1000;
    return {
      events: count,
      eventsPerSecond: Math.round((count / totalMs) * 1000),
      totalMs,
      drainMs: finished - answered,
      cpuMsPerEvent,
      http,
    };
  } finally {
    await server.stop();
  }
}

async function waitUntilProcessed(stores: BenchStores, accepted: number): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if ((await stores.countEvents()).processed >= accepted) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the queue did not drain within ${DRAIN_TIMEOUT_MS} ms`);
}

async function abuse(
  stores: BenchStores,
  env: Record<string, string>,
  options: BenchOptions,
  tag: string,
  startedAt: string,
): Promise<void> {
  const events = new SignedEvents(tag, SECRET, 1000).prepare((options.warmupSeconds + 2 * options.durationSeconds) * EXPECTED_MAX_RATE);
  const server = await ServerProcess.start('app', APP_SCRIPT, APP_PORT, { ...env, APP_ROLE: 'api' });
  try {
    await stores.reset();
    const figures = await measureAbuse(server, stores, events, options);
    const summary = abuseMarkdown(figures);
    mkdirSync(RESULTS_DIR, { recursive: true });
    const name = `${startedAt.replace(/[:.]/g, '-')}-abuse`;
    writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify({ startedAt, machine: machine(), ...figures }, null, 2)}\n`);
    writeFileSync(join(RESULTS_DIR, `${name}.md`), summary);
    console.log(`\n${summary}\nwritten to ${RESULTS_DIR}/${name}.{json,md}`);
  } finally {
    await server.stop();
  }
}

function save(results: BenchResults): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const name = results.startedAt.replace(/[:.]/g, '-');
  const summary = markdown(results);
  writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, `${name}.md`), summary);
  console.log(`\n${summary}\nwritten to ${RESULTS_DIR}/${name}.{json,md}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
