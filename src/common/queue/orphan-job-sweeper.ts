import type { Logger, OnApplicationBootstrap } from '@nestjs/common';
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
export abstract class OrphanJobSweeper implements OnApplicationBootstrap {
  protected abstract readonly logger: Logger;
  /** What the rows are, for the log line: `inbox event(s)`, `notification(s)`. */
  protected abstract readonly rowsName: string;
  private running = false;

  protected constructor(
    private readonly queue: Queue,
    private readonly scheduler: SchedulerRegistry,
    private readonly settings: SweepSettings,
  ) {}

  /** Ids of unfinished rows older than minAgeMs, oldest first, at most limit; read through the repository of their table. */
  protected abstract unfinishedIds(minAgeMs: number, limit: number): Promise<string[]>;

  protected abstract enqueue(id: string): Promise<void>;

  onApplicationBootstrap(): void {
    const timer = setInterval(() => void this.sweep(), this.settings.intervalMs);
    this.scheduler.addInterval(this.constructor.name, timer);
  }

  /** Returns how many rows were queued again. */
  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      return await this.requeueOrphans();
    } catch (error) {
      this.logger.warn(`sweep failed: ${(error as Error).message}`);
      return 0;
    } finally {
      this.running = false;
    }
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
