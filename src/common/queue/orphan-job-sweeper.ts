import type { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';
import type { Queue } from 'bull';
import { hasLiveJob } from './live-job.js';

export interface SweepSettings {
  intervalMs: number;
  /** Rows younger than this are left to whoever wrote them. */
  minAgeMs: number;
  batchSize: number;
}

/**
 * Periodically queues rows that Postgres says are unfinished but that have no
 * job in Redis: the queueing failed (Redis down) or Redis lost its data.
 * Queueing is idempotent (job id = row id), so several workers may sweep at once.
 */
export abstract class OrphanJobSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected abstract readonly logger: Logger;
  /** What the rows are, for the log line: `inbox event(s)`, `notification(s)`. */
  protected abstract readonly rowsName: string;
  private running: Promise<number> | null = null;
  private timer?: NodeJS.Timeout;

  protected constructor(
    private readonly queue: Queue,
    private readonly scheduler: SchedulerRegistry,
    private readonly settings: SweepSettings,
  ) {}

  /** Ids of unfinished rows older than minAgeMs, oldest first, at most limit; read through the repository of their table. */
  protected abstract unfinishedIds(minAgeMs: number, limit: number): Promise<string[]>;

  protected abstract enqueue(id: string): Promise<void>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.settings.intervalMs);
    this.scheduler.addInterval(this.constructor.name, this.timer);
  }

  /**
   * Stops the schedule and waits for a sweep under way, before the queues and
   * the database pool close (their shutdown hooks run after every
   * before-shutdown hook): a last sweep would otherwise fail and log it.
   */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Returns how many rows were queued again. */
  sweep(): Promise<number> {
    if (this.running) return Promise.resolve(0);
    this.running = this.requeueOrphans()
      .catch((error: unknown) => {
        this.logger.warn(`sweep failed: ${(error as Error).message}`);
        return 0;
      })
      .finally(() => (this.running = null));
    return this.running;
  }

  private async requeueOrphans(): Promise<number> {
    const { minAgeMs, batchSize } = this.settings;
    const ids = await this.unfinishedIds(minAgeMs, batchSize);
    let requeued = 0;
    for (const id of ids) {
      if (await hasLiveJob(this.queue, id)) continue;
      await this.enqueue(id);
      requeued += 1;
    }
    if (requeued > 0) this.logger.log(`re-queued ${requeued} ${this.rowsName} that had no job`);
    return requeued;
  }
}
