import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { type TestApp, testEnvironment } from './test-app.js';
import { waitFor } from './wait-for.js';

/**
 * Inside node_modules so the build resolves its packages, and apart from
 * dist/ so a developer's `npm run build` cannot pull it from under a test.
 */
export const BUILD_DIR = 'node_modules/.cache/webhooks-test-build';
const MAIN = join(BUILD_DIR, 'src/main.js');
const LOCK = `${BUILD_DIR}.lock`;
const STALE_LOCK_MS = 120_000;

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The service as production runs it (`node src/main.js` of the build), in an
 * OS process of its own that a test can SIGTERM or SIGKILL, sharing a test
 * app's database and queue prefix.
 */
export class AppProcess {
  readonly exited: Promise<ProcessExit>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts it like `app` (same database, queue prefix, test settings) with `env` over them; resolves once it says it started. */
  static async start(app: TestApp, env: Record<string, string>): Promise<AppProcess> {
    const started = await AppProcess.launch(app, env);
    await waitFor(
      async () => {
        const child = started.child;
        if (child.exitCode !== null) throw new Error(`app process exited: ${started.log}`);
        return /worker started|listening on/.test(started.log);
      },
      { timeoutMs: 30_000, what: 'app process started' },
    );
    return started;
  }

  /**
   * Like start, but resolves at once, without waiting for the start to succeed (for starts meant to fail).
   * `command` runs instead of `node src/main.js` of the build, in `cwd`.
   */
  static async launch(
    app: TestApp,
    env: Record<string, string>,
    command?: { file: string; args: string[]; cwd: string },
  ): Promise<AppProcess> {
    await buildOnce();
    const settings = { ...testEnvironment(app.db, { queuePrefix: app.config.redis.queuePrefix, env }), LOG_LEVEL: 'info' };
    // Its output goes to a file: a full pipe would block the process (stdout to a pipe is synchronous on Linux).
    const logFile = join(mkdtempSync(join(tmpdir(), 'app-process-')), 'output.log');
    const output = openSync(logFile, 'w');
    const child = command
      ? spawn(command.file, command.args, {
          cwd: command.cwd,
          env: { PATH: process.env.PATH, ...settings },
          stdio: ['ignore', output, output],
        })
      : spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH, ...settings }, stdio: ['ignore', output, output] });
    closeSync(output);
    return new AppProcess(child, logFile);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get log(): string {
    return readFileSync(this.logFile, 'utf8');
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Ends it if a test left it running. */
  async kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
    rmSync(dirname(this.logFile), { recursive: true, force: true });
  }
}

/** Compiles the app once for all test files (they may run in parallel), and again only when a source is newer. */
export async function buildOnce(): Promise<void> {
  await waitFor(async () => takeLock(), { timeoutMs: STALE_LOCK_MS, intervalMs: 200, what: 'the test build lock' });
  try {
    if (existsSync(MAIN) && !(await sourcesNewerThan(statSync(MAIN).mtimeMs))) return;
    // Type errors elsewhere in the tree need not stop a test that only runs the build: tsc emits anyway.
    await promisify(execFile)('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', BUILD_DIR]).catch(() => undefined);
    if (!existsSync(MAIN)) throw new Error(`the build did not produce ${MAIN}`);
  } finally {
    rmdirSync(LOCK);
  }
}

function takeLock(): boolean {
  mkdirSync(dirname(LOCK), { recursive: true });
  try {
    mkdirSync(LOCK);
    return true;
  } catch {
    const lock = statSync(LOCK, { throwIfNoEntry: false });
    if (lock && Date.now() - lock.mtimeMs > STALE_LOCK_MS) rmdirSync(LOCK);
    return false;
  }
}

async function sourcesNewerThan(mtimeMs: number): Promise<boolean> {
  const { stdout } = await promisify(execFile)('find', [
    'src',
    'migrations',
    'config',
    '-newermt',
    `@${mtimeMs / 1000}`,
    '-type',
    'f',
    '-print',
    '-quit',
  ]);
  return stdout.trim() !== '';
}
