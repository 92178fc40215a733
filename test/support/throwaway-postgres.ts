import { execFile, execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const run = promisify(execFile);
const PG_BIN = process.env.TEST_PG_BIN ?? newestInstalledPostgres('/usr/lib/postgresql');
/** Postgres refuses to run as root; as root, the server runs as this OS user instead. */
const PG_OS_USER = 'postgres';

/**
 * A Postgres server of this test's own (initdb into a temporary folder, a free
 * port, trust auth on 127.0.0.1), so a test can stop and restart Postgres
 * without harming any other test or developer.
 */
export class ThrowawayPostgres {
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<ThrowawayPostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'throwaway-pg-'));
    if (process.getuid?.() === 0) {
      const ids = await Promise.all(['-u', '-g'].map((flag) => run('id', [flag, PG_OS_USER]).then(({ stdout }) => Number(stdout))));
      chownSync(dir, ids[0], ids[1]);
    }
    const server = new ThrowawayPostgres(await freePort(), dir);
    await server.pg('initdb', ['-D', server.dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync']);
    await server.resume();
    return server;
  }

  /** The server's admin database; TestDatabase.create(url) makes a test database on it. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** (Re)starts the server on the same port with the data it had. */
  async resume(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.dir} -c fsync=off -c max_connections=50`;
    await this.pg('pg_ctl', ['-D', this.dataDir, '-l', join(this.dir, 'server.log'), '-o', options, '-w', '-t', '30', 'start']);
  }

  /** Stops at once, as a crash would: open connections are cut, nothing is flushed politely. */
  async stop(): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
  }

  /**
   * Freezes the server and its backends (SIGSTOP): connections stay open and
   * nothing answers, as with a hung host or a full disk. `thaw` undoes it.
   */
  freeze(): void {
    this.signalAll('SIGSTOP');
  }

  thaw(): void {
    this.signalAll('SIGCONT');
  }

  private signalAll(signal: NodeJS.Signals): void {
    const postmaster = Number(readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const backends = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
    for (const pid of [postmaster, ...backends]) process.kill(pid, signal);
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  private async pg(command: string, args: string[]): Promise<void> {
    const binary = join(PG_BIN, command);
    const asRoot = process.getuid?.() === 0;
    await run(asRoot ? 'runuser' : binary, asRoot ? ['-u', PG_OS_USER, '--', binary, ...args] : args, { cwd: this.dir });
  }
}

function newestInstalledPostgres(root: string): string {
  const versions = readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error(`no Postgres under ${root}; set TEST_PG_BIN`);
  return join(root, versions[0], 'bin');
}
