import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Generous: on a loaded machine the app's start (migrations, Nest's wiring) has taken over a minute. */
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;
/** USER_HZ: 100 on every Linux this runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time the whole machine has been busy so far (every process and the kernel), in milliseconds: /proc/stat's first line. */
export function machineCpuMs(): number {
  // user nice system idle iowait irq softirq steal: all but idle, iowait and steal (another tenant's).
  const [user, nice, system, , , irq, softirq] = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  return ((user + nice + system + irq + softirq) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** A server under test in its own OS process, so its memory and CPU are its own. */
export class ServerProcess {
  private constructor(
    readonly name: string,
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(name: string, script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<ServerProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [...nodeArgs, script], {
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const server = new ServerProcess(name, `http://127.0.0.1:${port}`, child);
    // A server that never came up must not outlive the run (it would retry a dropped database).
    await server.waitUntilAnswering().catch(async (error: unknown) => {
      await server.stop();
      throw error;
    });
    return server;
  }

  /** Peak resident set size so far (VmHWM), in MiB. */
  peakRssMiB(): number {
    return this.memoryMiB('VmHWM');
  }

  /** Resident set size now (VmRSS), in MiB. */
  rssMiB(): number {
    return this.memoryMiB('VmRSS');
  }

  /** CPU time the process has used so far (user + system), in milliseconds. */
  cpuMs(): number {
    // Fields 14 and 15 of /proc/<pid>/stat, counted after the parenthesised command name, in clock ticks.
    const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  }

  /** SIGTERM, as an orchestrator would; SIGKILL if it has not gone in time. Resolves with how long it took. */
  async stop(): Promise<number> {
    const started = Date.now();
    if (this.child.exitCode !== null) return 0;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    return Date.now() - started;
  }

  private memoryMiB(field: 'VmHWM' | 'VmRSS'): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kib = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
    return Math.round(kib / 1024);
  }

  private async waitUntilAnswering(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited with code ${this.child.exitCode}`);
      const answered = await fetch(`${this.url}/health/live`).then(
        (r) => r.ok,
        () => false,
      );
      if (answered) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${this.name} did not answer within ${READY_TIMEOUT_MS} ms`);
  }
}

/** A port nobody listens on now: the machine is shared, so fixed ports would collide with other runs. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no free port');
  return address.port;
}
