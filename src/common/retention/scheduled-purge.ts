import type { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';

/**
 * A purge of rows past their retention, run every intervalMs where APP_ROLE
 * runs workers. One run at a time per replica (a tick that finds one under
 * way does nothing), and a run under way is waited for at shutdown, before
 * the database pool closes. A failed run is logged; the next tick tries again.
 */
export abstract class ScheduledPurge<R> implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected abstract readonly logger: Logger;
  private running: Promise<R> | null = null;
  private timer?: NodeJS.Timeout;

  /** `idle`: what purge() resolves to when it ran nothing (a run under way, or a failure). */
  protected constructor(
    private readonly scheduler: SchedulerRegistry,
    private readonly intervalMs: number,
    private readonly idle: R,
  ) {}

  /** The purge itself. */
  protected abstract run(): Promise<R>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purge(), this.intervalMs);
    this.scheduler.addInterval(this.constructor.name, this.timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Runs a purge now, unless one is under way. */
  purge(): Promise<R> {
    if (this.running) return Promise.resolve(this.idle);
    this.running = this.run()
      .catch((error: unknown) => {
        this.logger.warn(`purge failed: ${(error as Error).message}`);
        return this.idle;
      })
      .finally(() => (this.running = null));
    return this.running;
  }
}

/**
 * Calls step (one short statement affecting at most batchSize rows, returning how many it
 * affected) until it affects fewer, so a large backlog never holds one long lock; returns the
 * total. onBatch hears each count as it commits, so a loop that fails half-way still reports it.
 */
export async function inBatches(
  batchSize: number,
  step: (limit: number) => Promise<number>,
  onBatch: (count: number) => void = () => undefined,
): Promise<number> {
  let total = 0;
  for (;;) {
    const count = await step(batchSize);
    onBatch(count);
    total += count;
    if (count < batchSize) return total;
  }
}
