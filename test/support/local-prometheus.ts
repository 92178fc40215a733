import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';

const DEPLOY = join(process.cwd(), 'deploy', 'prometheus');

export interface PromSeries {
  metric: Record<string, string>;
  value: [number, string];
}

/**
 * A real Prometheus (the `prometheus` binary of the Debian package) on a free
 * port of 127.0.0.1, with its storage in a temporary directory. It runs
 * deploy/prometheus/prometheus.yml as shipped, but for what a test must
 * change: the targets (the test's replicas), 1 s intervals and the rule path.
 */
export class LocalPrometheus {
  private constructor(
    private readonly process: ChildProcess,
    private readonly dir: string,
    readonly url: string,
  ) {}

  static async start(targets: { api: string; worker: string }): Promise<LocalPrometheus> {
    const dir = await mkdtemp(join(tmpdir(), 'prometheus-'));
    const config = join(dir, 'prometheus.yml');
    await writeFile(config, await testConfig(targets));
    const port = await freePort();
    const output: string[] = [];
    const child = spawn(
      'prometheus',
      [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const prometheus = new LocalPrometheus(child, dir, `http://127.0.0.1:${port}`);
    try {
      await waitFor(async () => child.exitCode === null && (await fetch(`${prometheus.url}/-/ready`)).ok, {
        timeoutMs: 20_000,
        what: 'Prometheus ready',
      });
    } catch (error) {
      await prometheus.stop();
      throw new Error(`${(error as Error).message}\n${output.join('')}`, { cause: error });
    }
    return prometheus;
  }

  /** An instant query: its series (an empty list when nothing matches); throws on a query Prometheus refuses. */
  async query(expr: string): Promise<PromSeries[]> {
    const body = await this.get<{ resultType: string; result: PromSeries[] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`);
    return body.resultType === 'vector' ? body.result : [];
  }

  /** The alerting rules Prometheus loaded, as it parsed them. */
  async alertingRules(): Promise<Array<{ name: string; query: string; annotations: Record<string, string> }>> {
    const body = await this.get<{
      groups: Array<{ rules: Array<{ type: string; name: string; query: string; annotations: Record<string, string> }> }>;
    }>('/api/v1/rules?type=alert');
    return body.groups.flatMap((group) => group.rules);
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null) {
      // 'close', not 'exit': its output pipes are closed too, so no handle outlives the test.
      const exited = new Promise((resolve) => this.process.once('close', resolve));
      this.process.kill('SIGTERM');
      await exited;
    }
    await rm(this.dir, { recursive: true, force: true });
  }

  private async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.url}${path}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error ?? response.status}`);
    return body.data;
  }
}

/** deploy/prometheus/prometheus.yml with the test's targets, intervals and rule path; fails if one of them is not where it was. */
async function testConfig(targets: { api: string; worker: string }): Promise<string> {
  const replacements: Array<[string, string]> = [
    ['scrape_interval: 15s', 'scrape_interval: 1s'],
    ['evaluation_interval: 15s', 'evaluation_interval: 1s'],
    ['/etc/prometheus/alerts.yml', join(DEPLOY, 'alerts.yml')],
    ["'api:3000'", `'${targets.api}'`],
    ["'worker:3000'", `'${targets.worker}'`],
  ];
  let config = await readFile(join(DEPLOY, 'prometheus.yml'), 'utf8');
  for (const [from, to] of replacements) {
    if (!config.includes(from)) throw new Error(`deploy/prometheus/prometheus.yml has no ${from} to point at the test`);
    config = config.replace(from, to);
  }
  return config;
}
