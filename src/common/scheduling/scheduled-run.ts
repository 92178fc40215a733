import type { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';

/**
 * Work run every intervalMs where APP_ROLE runs workers: the sweepers and the
 * purges. One run at a time per replica (a tick that finds one under way does
 * nothing), and a run under way is waited for at shutdown, before the queues
 * and the database pool close (their shutdown hooks run after every
 * before-shutdown hook). A failed run is logged; the next tick tries again.
 */
export abstract class ScheduledRun<R> implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected abstract readonly logger: Logger;
  /** What a run is called in the failure line: `sweep`, `purge`. */
  protected abstract readonly runName: string;
  private running: Promise<R> | null = null;
  private timer?: NodeJS.Timeout;

  /** `idle`: what runNow() resolves to when it ran nothing (a run under way, or a failure). */
  protected constructor(
    private readonly scheduler: SchedulerRegistry,
    private readonly intervalMs: number,
    private readonly idle: R,
  ) {}

  /** The work itself. */
  protected abstract run(): Promise<R>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.runNow(), this.intervalMs);
    this.scheduler.addInterval(this.constructor.name, this.timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Runs now, unless a run is under way. */
  protected runNow(): Promise<R> {
    if (this.running) return Promise.resolve(this.idle);
    this.running = this.run()
      .catch((error: unknown) => {
        this.logger.warn(`${this.runName} failed: ${(error as Error).message}`);
        return this.idle;
      })
      .finally(() => (this.running = null));
    return this.running;
  }
}
