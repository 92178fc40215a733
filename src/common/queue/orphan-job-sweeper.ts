import type { SchedulerRegistry } from '@nestjs/schedule';
import type { Queue } from 'bull';
import { ScheduledRun } from '../scheduling/scheduled-run.js';
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
export abstract class OrphanJobSweeper extends ScheduledRun<number> {
  /** What the rows are, for the log line: `inbox event(s)`, `notification(s)`. */
  protected abstract readonly rowsName: string;
  protected readonly runName = 'sweep';

  protected constructor(
    private readonly queue: Queue,
    scheduler: SchedulerRegistry,
    private readonly settings: SweepSettings,
  ) {
    super(scheduler, settings.intervalMs, 0);
  }

  /** Ids of unfinished rows older than minAgeMs, oldest first, at most limit; read through the repository of their table. */
  protected abstract unfinishedIds(minAgeMs: number, limit: number): Promise<string[]>;

  protected abstract enqueue(id: string): Promise<void>;

  /** Returns how many rows were queued again. */
  sweep(): Promise<number> {
    return this.runNow();
  }

  protected async run(): Promise<number> {
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
