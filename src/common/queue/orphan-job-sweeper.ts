import type { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';
import type { Queue } from 'bull';
import type { DataSource } from 'typeorm';

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
  /** Selects `id` of unfinished rows older than $1 seconds, oldest first, at most $2. */
  protected abstract readonly unfinishedRowsSql: string;
  private running = false;

  protected constructor(
    private readonly dataSource: DataSource,
    private readonly queue: Queue,
    private readonly scheduler: SchedulerRegistry,
    private readonly settings: SweepSettings,
  ) {}

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
    const rows = (await this.dataSource.query(this.unfinishedRowsSql, [minAgeMs / 1000, batchSize])) as Array<{ id: string }>;
    let requeued = 0;
    for (const { id } of rows) {
      if (await this.hasLiveJob(id)) continue;
      await this.enqueue(id);
      requeued += 1;
    }
    if (requeued > 0) this.logger.log(`re-queued ${requeued} ${this.rowsName} that had no job`);
    return requeued;
  }

  /**
   * A job hash can outlive its job: a try that ends across a Redis restart
   * writes its attempt count into a hash Redis no longer lists anywhere
   * (Bull reports it `stuck`). Such a husk would block the job id for ever,
   * so it is removed and the row queued afresh. Whether the job is still
   * waiting, delayed, running or paused is read in one MULTI: Bull's
   * getState looks list by list, and a job moving between two lists meanwhile
   * would look stuck.
   */
  private async hasLiveJob(id: string): Promise<boolean> {
    const job = await this.queue.getJob(id);
    if (!job) return false;
    const key = (name: string) => this.queue.toKey(name);
    const answers = await this.queue.client
      .multi()
      .zscore(key('delayed'), id)
      .lpos(key('wait'), id)
      .lpos(key('active'), id)
      .lpos(key('paused'), id)
      .exists(`${key(id)}:lock`)
      .exec();
    if (!answers || answers.some(([error, found]) => error || (found !== null && found !== 0))) return true;
    await job.remove();
    return false;
  }
}
