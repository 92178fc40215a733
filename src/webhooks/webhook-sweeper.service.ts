import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { WebhookInboxService } from './webhook-inbox.service.js';
import { WEBHOOK_EVENTS_QUEUE } from './webhook-queue.js';

const UNFINISHED_EVENTS = `
  SELECT id FROM webhook_events
  WHERE status IN ('pending', 'retrying') AND received_at < now() - make_interval(secs => $1)
  ORDER BY received_at
  LIMIT $2`;

/**
 * Re-queues inbox events that were committed but have no job in Redis: the
 * queueing failed (Redis down) or Redis lost its data. Queueing is
 * idempotent (job id = event id), so several workers may sweep at once.
 */
@Injectable()
export class WebhookSweeper implements OnApplicationBootstrap {
  private readonly logger = new Logger(WebhookSweeper.name);
  private running = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(WEBHOOK_EVENTS_QUEUE) private readonly queue: Queue,
    private readonly inbox: WebhookInboxService,
    private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const timer = setInterval(() => void this.sweep(), this.config.sweeper.intervalMs);
    this.scheduler.addInterval(WebhookSweeper.name, timer);
  }

  /** Returns how many events were queued again. */
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
    const { minAgeMs, batchSize } = this.config.sweeper;
    const rows = (await this.dataSource.query(UNFINISHED_EVENTS, [minAgeMs / 1000, batchSize])) as Array<{ id: string }>;
    let requeued = 0;
    for (const { id } of rows) {
      if (await this.queue.getJob(id)) continue;
      await this.inbox.enqueue(id);
      requeued += 1;
    }
    if (requeued > 0) this.logger.log(`re-queued ${requeued} inbox event(s) that had no job`);
    return requeued;
  }
}
