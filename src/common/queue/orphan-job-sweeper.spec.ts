import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { Queue } from 'bull';
import { OrphanJobSweeper } from './orphan-job-sweeper.js';

/** A sweeper whose read of unfinished rows waits until the test lets it go on. */
class HeldSweeper extends OrphanJobSweeper {
  protected readonly logger = new Logger('HeldSweeper');
  protected readonly rowsName = 'rows';
  release: () => void = () => undefined;
  readonly held = new Promise<void>((resolve) => (this.release = resolve));

  constructor(scheduler: SchedulerRegistry) {
    super({} as Queue, scheduler, { intervalMs: 60_000, minAgeMs: 0, batchSize: 10 });
  }

  protected async unfinishedIds(): Promise<string[]> {
    await this.held;
    return [];
  }

  protected enqueue(): Promise<void> {
    return Promise.resolve();
  }
}

describe('OrphanJobSweeper at shutdown', () => {
  it('stops its schedule and waits for a sweep under way before the queues and pools close', async () => {
    const scheduler = new SchedulerRegistry();
    const sweeper = new HeldSweeper(scheduler);
    sweeper.onApplicationBootstrap();
    void sweeper.sweep();

    let stopped = false;
    const stopping = sweeper.beforeApplicationShutdown().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);

    sweeper.release();
    await stopping;
    expect(stopped).toBe(true);
    // Its timer is cleared: nothing keeps the process alive or sweeps after the stop.
    const timer: { _destroyed?: boolean } = scheduler.getInterval('HeldSweeper');
    expect(timer._destroyed).toBe(true);
  });
});
