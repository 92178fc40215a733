import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { abuseMarkdown, measureAbuse } from './abuse.js';
import { type BenchOptions, readBenchOptions } from './bench-options.js';
import { BenchStores } from './bench-stores.js';
import { chartSvg } from './chart.js';
import { combineRuns, type MeasuredRun } from './combine-runs.js';
import { fireWebhooks, type LoadFigures } from './load.js';
import {
  type BenchResults,
  compare,
  cpuPerRequest,
  type EndToEndFigures,
  type FixedRateFigures,
  loadAverage,
  machine,
  markdown,
  ratio,
  type ServerFigures,
  sustained,
} from './report.js';
import { machineCpuMs, ServerProcess } from './server-process.js';
import { SignedEvents } from './signed-events.js';
import { soak } from './soak.js';
import { soakMarkdown } from './soak-report.js';

/**
 * `npm run bench`: the app against two bare node:http baselines doing the same
 * work under the same load (one storing each request on its own, one
 * group-committing them), at full speed and at a fixed rate, then the app's
 * end-to-end rate with its worker. `--soak=<s>` runs a soak instead,
 * `--abuse` the abuse run. See docs/benchmarks.md.
 */
const RESULTS_DIR = 'bench/results';
// Beside this file in whichever build it was compiled into.
const APP_SCRIPT = fileURLToPath(new URL('../src/main.js', import.meta.url));
const BASELINE_SCRIPT = fileURLToPath(new URL('./baseline-server.js', import.meta.url));
const SECRET = `bench-secret-${randomBytes(16).toString('hex')}`;
/** Prepared events per second of load; more are made on the spot if a server outruns this. */
const EXPECTED_MAX_RATE = 4000;
const DRAIN_TIMEOUT_MS = 15 * 60_000;

interface Measured {
  figures: ServerFigures;
  fixedRate: FixedRateFigures;
}

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
  try {
    // --abuse: only the abuse run (signed webhooks with and without a flood of unsigned ones), see bench/abuse.ts.
    if (process.argv.includes('--abuse')) return await abuse(stores, env, options, `${runId}-abuse`, startedAt);
    if (options.soakSeconds > 0) {
      const results = await soak(stores, env, options, { tag: `${runId}-soak`, startedAt, appScript: APP_SCRIPT, secret: SECRET });
      return save(`${stamp(startedAt)}-soak`, results, soakMarkdown(results));
    }
    const appArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${RESULTS_DIR}/profiles`] : [];
    if (process.argv.includes('--worker-only')) {
      const figures = await measureWorker(stores, env, options, `${runId}-worker`, appArgs);
      console.log(`worker alone: ${JSON.stringify(figures)}`);
      return;
    }
    if (endToEndOnly) {
      // An app start applies the migrations the burst's orders need.
      await (await ServerProcess.start('app', APP_SCRIPT, { ...env, APP_ROLE: 'api' })).stop();
      // --split-roles: the api and the worker in two processes (APP_ROLE=api, APP_ROLE=worker), as replicas would run.
      const roles = process.argv.includes('--split-roles') ? 'split' : 'all';
      const figures = await measureEndToEnd(stores, env, options, `${runId}-e2e`, appArgs, roles);
      console.log(`end to end: ${JSON.stringify(figures)}\nprocessed / accepted rate: ${figures.processedToAccepted}`);
      return;
    }
    // The app starts first: its start applies the migrations the baselines' table comes from.
    const starts = [() => ServerProcess.start('app', APP_SCRIPT, { ...env, APP_ROLE: 'api' }, appArgs)];
    if (!appOnly) {
      starts.push(
        () => ServerProcess.start('baseline', BASELINE_SCRIPT, { ...env, BASELINE_MODE: 'per-request' }),
        () => ServerProcess.start('batched baseline', BASELINE_SCRIPT, { ...env, BASELINE_MODE: 'batched' }),
      );
    }
    const [app, baseline, batched] = await measureInRounds(starts, stores, options, runId);
    if (appOnly) return;
    const endToEnd = await measureEndToEnd(stores, env, options, `${runId}-e2e`);
    host.loadAverageAtEnd = loadAverage();
    const load = {
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      rounds: options.rounds,
      fixedRate: options.fixedRate,
    };
    const measured = {
      app: app.figures,
      baseline: baseline.figures,
      batchedBaseline: batched.figures,
      fixedRate: { offeredRate: options.fixedRate, app: app.fixedRate, baseline: baseline.fixedRate, batchedBaseline: batched.fixedRate },
    };
    const results: BenchResults = { startedAt, machine: host, load, ...measured, ...compare(measured, endToEnd), endToEnd };
    saveComparison(results);
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

/**
 * Each server is warmed up, then measured in `--rounds` rounds: in each, every
 * server in turn runs as fast as it goes, then at the fixed rate, for its share
 * of `--duration`, the store emptied before each run. A change in the shared
 * machine (another tenant of the host, a CPU's clock) then weighs on every
 * server alike, where one long run each put it all on whichever ran then.
 * CPU is each server process's own, per accepted request, over all its runs.
 */
async function measureInRounds(
  starts: Array<() => Promise<ServerProcess>>,
  stores: BenchStores,
  options: BenchOptions,
  runId: string,
): Promise<Measured[]> {
  const { connections, warmupSeconds, durationSeconds, fixedRate: rate, rounds } = options;
  const runSeconds = Math.max(1, Math.round(durationSeconds / rounds));
  const servers: ServerProcess[] = [];
  try {
    for (const start of starts) servers.push(await start());
    const plans = servers.map((server, index) => ({
      server,
      events: new SignedEvents(`${runId}-${index}`, SECRET, 1000).prepare(
        (warmupSeconds + runSeconds * rounds) * EXPECTED_MAX_RATE + runSeconds * rounds * rate,
      ),
      full: [] as MeasuredRun[],
      fixed: [] as MeasuredRun[],
    }));
    for (const { server, events } of plans) {
      await stores.reset();
      console.log(`${server.name}: warming up for ${warmupSeconds} s`);
      await fireWebhooks(server.url, events, { connections, durationSeconds: warmupSeconds });
    }
    for (let round = 1; round <= rounds; round += 1) {
      console.log(
        `round ${round} of ${rounds}: ${runSeconds} s each, as fast as it goes with ${connections} connections, then at ${rate} req/s`,
      );
      for (const plan of plans) {
        plan.full.push(
          await measuredRun(plan.server, stores, () =>
            fireWebhooks(plan.server.url, plan.events, { connections, durationSeconds: runSeconds }),
          ),
        );
        plan.fixed.push(
          await measuredRun(plan.server, stores, () =>
            fireWebhooks(plan.server.url, plan.events, { connections, durationSeconds: runSeconds, rate }),
          ),
        );
      }
    }
    return plans.map(({ server, full, fixed }) => {
      const figures = { ...combineRuns(full), peakRssMiB: server.peakRssMiB() };
      const atRate = combineRuns(fixed);
      const fixedRate = { ...atRate, offeredRate: rate, sustained: sustained(rate, atRate) };
      console.log(`${server.name}: ${JSON.stringify(figures)}`);
      console.log(`${server.name} at ${rate} req/s: ${JSON.stringify(fixedRate)}`);
      return { figures, fixedRate };
    });
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

async function measuredRun(server: ServerProcess, stores: BenchStores, fire: () => Promise<LoadFigures>): Promise<MeasuredRun> {
  await stores.reset();
  const cpuBefore = server.cpuMs();
  const started = Date.now();
  const load = await fire();
  return { load, durationSeconds: (Date.now() - started) / 1000, cpuMs: server.cpuMs() - cpuBefore };
}

async function measureEndToEnd(
  stores: BenchStores,
  env: Record<string, string>,
  options: BenchOptions,
  tag: string,
  nodeArgs: string[] = [],
  roles: 'all' | 'split' = 'all',
): Promise<EndToEndFigures> {
  const count = options.burstEvents;
  const events = new SignedEvents(tag, SECRET, count).prepare(count);
  await stores.reset();
  await stores.createOrders(count);
  const servers =
    roles === 'all'
      ? [await ServerProcess.start('app (all)', APP_SCRIPT, { ...env, APP_ROLE: 'all' }, nodeArgs)]
      : [
          await ServerProcess.start('app (api)', APP_SCRIPT, { ...env, APP_ROLE: 'api' }, nodeArgs),
          await ServerProcess.start('app (worker)', APP_SCRIPT, { ...env, APP_ROLE: 'worker' }, nodeArgs),
        ];
  const cpuMs = () => servers.reduce((sum, server) => sum + server.cpuMs(), 0);
  try {
    console.log(
      `end to end: ${count} events with the worker running (${roles === 'all' ? 'APP_ROLE=all' : 'APP_ROLE=api and APP_ROLE=worker'})`,
    );
    const started = Date.now();
    const cpuBefore = cpuMs();
    const http = await fireWebhooks(servers[0].url, events, { connections: options.connections, amount: count });
    const answered = Date.now();
    const processedDuringBurst = (await stores.countEvents()).processed;
    await waitUntilProcessed(stores, http.accepted);
    const finished = Date.now();
    const totalMs = finished - started;
    const eventsPerSecond = Math.round((count / totalMs) * 1000);
    return {
      events: count,
      eventsPerSecond,
      totalMs,
      drainMs: finished - answered,
      processedDuringBurst,
      drainEventsPerSecond: Math.round(((http.accepted - processedDuringBurst) / Math.max(finished - answered, 1)) * 1000),
      cpuMsPerEvent: cpuPerRequest(cpuMs() - cpuBefore, count),
      http,
      processedToAccepted: ratio(eventsPerSecond, http.requestsPerSecond),
    };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

/**
 * The worker alone: the burst is stored by an api process first, then an
 * APP_ROLE=worker process processes it with nothing else running; its rate
 * and CPU per event count from the moment it is up.
 */
async function measureWorker(
  stores: BenchStores,
  env: Record<string, string>,
  options: BenchOptions,
  tag: string,
  nodeArgs: string[],
): Promise<{ events: number; eventsPerSecond: number; cpuMsPerEvent: number; machineCpuMsPerEvent: number }> {
  const count = options.burstEvents;
  const events = new SignedEvents(tag, SECRET, count).prepare(count);
  const api = await ServerProcess.start('app (api)', APP_SCRIPT, { ...env, APP_ROLE: 'api' });
  try {
    await stores.reset();
    await stores.createOrders(count);
    const http = await fireWebhooks(api.url, events, { connections: options.connections, amount: count });
    if (http.accepted !== count) throw new Error(`${http.accepted} of ${count} events accepted`);
  } finally {
    await api.stop();
  }
  const worker = await ServerProcess.start('app (worker)', APP_SCRIPT, { ...env, APP_ROLE: 'worker' }, nodeArgs);
  try {
    const started = Date.now();
    const cpuBefore = worker.cpuMs();
    const machineBefore = machineCpuMs();
    const before = (await stores.countEvents()).processed;
    await waitUntilProcessed(stores, count);
    const processed = count - before;
    return {
      events: processed,
      eventsPerSecond: Math.round((processed / (Date.now() - started)) * 1000),
      cpuMsPerEvent: cpuPerRequest(worker.cpuMs() - cpuBefore, processed),
      machineCpuMsPerEvent: cpuPerRequest(machineCpuMs() - machineBefore, processed),
    };
  } finally {
    await worker.stop();
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
  const server = await ServerProcess.start('app', APP_SCRIPT, { ...env, APP_ROLE: 'api' });
  try {
    await stores.reset();
    const figures = await measureAbuse(server, stores, events, options);
    save(`${stamp(startedAt)}-abuse`, { startedAt, machine: machine(), ...figures }, abuseMarkdown(figures));
  } finally {
    await server.stop();
  }
}

/** The comparison's JSON, Markdown and the chart the Markdown links to. */
function saveComparison(results: BenchResults): void {
  const name = stamp(results.startedAt);
  const title = `Webhook ingest, ${results.load.connections} connections, ${results.startedAt}`;
  const chart = chartSvg(title, [
    { name: ['app', '(APP_ROLE=api)'], figures: results.app },
    { name: ['baseline', 'per request'], figures: results.baseline },
    { name: ['baseline', 'batched'], figures: results.batchedBaseline },
  ]);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${name}.svg`), chart);
  save(name, results, markdown(results, `${name}.svg`));
}

function save(name: string, json: object, summary: string): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, `${name}.md`), summary);
  console.log(`\n${summary}\nwritten to ${RESULTS_DIR}/${name}.*`);
}

const stamp = (startedAt: string) => startedAt.replace(/[:.]/g, '-');

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
